package org.together.aggregation.query;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.together.figures.Figures;
import org.together.figures.Footprints;
import org.together.figures.Period;
import org.together.figures.TerritoryActivity;
import org.together.reference.Territory;
import org.together.schemas.Annex1;

/**
 * Random territories for the public figures' property tests ({@link PublicTerritoriesTest},
 * {@link PublicTerritoriesLinearProgramTest}): many small counts, and figures that hold together as real ones do, since
 * a reader who combines the public figures uses what is true of them: each participant joined on a day between the
 * territory's first event and its last one (a fifth of the territories began today, this week, this month or this
 * quarter), it is active exactly when its last event is within the activity window, and a tool's adopters are its users
 * who started or completed it (at least each, at most both).
 */
final class RandomTerritories {

    static final List<String> TOOLS = List.of("climate-fresk", "spiral-grid", "footprint-calculator");

    private RandomTerritories() {
    }

    /**
     * A territory of random figures as of {@code asOf}, many of them small. The draws are those the generator made before
     * it made territories begin recently, and last events (so earlier networks keep their figures), followed by those.
     */
    static FigureQueries.TerritoryNow territory(String id, Random random, int k, AsOf asOf) {
        LocalDate today = asOf.day();
        Figures totals = new Figures();
        long participants = count(random, k);
        long leftEarly = participants > 0 ? random.nextInt(2) : 0; // none left who never came
        for (String tool : TOOLS) {
            if (random.nextInt(3) > 0) {
                totals.addToolStage(tool, Figures.ToolStage.DISCOVERED, count(random, k));
                long starts = count(random, k);
                long completions = count(random, k);
                totals.addToolStage(tool, Figures.ToolStage.STARTED, starts);
                totals.addToolStage(tool, Figures.ToolStage.COMPLETED, completions);
                // those who started or completed it: at least each, at most both
                totals.addToolStage(tool, Figures.ToolStage.ADOPTED,
                        Math.max(starts, completions) + count(random, k) % (Math.min(starts, completions) + 1));
                for (int r = random.nextInt(8); r > 0; r--) {
                    totals.addToolRating(tool, 1 + random.nextInt(5));
                }
            }
        }
        if (random.nextBoolean()) {
            long groups = count(random, k);
            totals.addEvaluations(groups, groups, groups * (1 + random.nextInt(9)));
            for (String dimension : List.of("A", "C", "H")) {
                totals.addCriteria(dimension, Figures.Question.WELLBEING, random.nextInt(3) == 0 ? 1 : count(random, k));
                totals.addCriteria(dimension, Figures.Question.ACTION, count(random, k));
                for (int s = random.nextInt(7); s > 0; s--) {
                    totals.addScore(dimension, 1 + random.nextInt(5));
                }
            }
        }
        if (random.nextBoolean()) {
            long assessments = count(random, k);
            totals.addAssessments(assessments, 1900 * assessments + random.nextInt(5000), random.nextInt((int) assessments + 1));
            for (String domain : Footprints.DOMAINS) {
                if (random.nextBoolean()) {
                    totals.addFootprintDomain(domain, 300 + random.nextInt(2000), count(random, k));
                }
            }
        }
        if (random.nextInt(3) == 0) {
            for (String kind : List.of("local-partnership", "exchange-system")) {
                for (int e = (int) count(random, k); e > 0; e--) {
                    totals.addApproachEvaluation(kind, Map.of(Annex1.COMPONENTS.get(random.nextInt(3)), 1 + random.nextInt(5)),
                            random.nextBoolean() ? List.of(Annex1.KEY_ELEMENTS.get(random.nextInt(3))) : List.of(), 1);
                }
                totals.addApproaches(kind, count(random, k), random.nextInt(90_000));
            }
        }
        int recentDays = random.nextInt(6);
        long[][] joins = new long[recentDays][];
        for (int d = 0; d < recentDays; d++) {
            long joined = count(random, k);
            int daysAgo = random.nextInt(200);
            joins[d] = new long[] {joined, daysAgo, joined > 0 ? random.nextInt(2) : 0};
        }
        Territory registered = random.nextInt(5) == 0 ? null : new Territory(id, "Territory " + id, "FR", "municipality",
                1000L + random.nextInt(100_000), null, null, Instant.parse("2025-01-01T00:00:00Z"));
        random.nextBoolean(); // was whether it is active: now its last event's day tells

        // when it began: long ago, or (a fifth of the territories) in one of the current periods, everyone it ever had
        // joining from that day on (its first day's joins are those of long ago, on its first day)
        int began = random.nextInt(10);
        LocalDate firstEventDay = switch (began) {
            case 0 -> today;
            case 1 -> between(random, Period.WEEK.start(today), today);
            case 2 -> between(random, Period.MONTH.start(today), today);
            case 3 -> between(random, Period.QUARTER.start(today), today);
            default -> today.minusDays(300);
        };
        boolean recent = began < 4;
        long span = today.toEpochDay() - firstEventDay.toEpochDay();
        TreeMap<LocalDate, Figures> days = new TreeMap<>();
        Figures early = new Figures().addParticipants(participants, participants, leftEarly);
        if (recent) {
            days.put(firstEventDay, early);
        } else {
            totals.add(early); // before the days kept one by one
        }
        for (long[] j : joins) {
            LocalDate day = recent ? firstEventDay.plusDays(j[1] % (span + 1)) : today.minusDays(j[1]);
            days.merge(day, new Figures().addParticipants(j[0], j[0], j[2]), Figures::add);
        }
        days.values().forEach(totals::add); // the recent days are part of the territory's figures
        // its last event: on its last day of joins, or later (a tool used, a leave...), never before its first
        LocalDate lastJoin = days.isEmpty() ? firstEventDay : days.lastKey();
        LocalDate lastEventDay = random.nextBoolean() ? lastJoin : between(random, lastJoin, today);
        totals.addEvents(1, lastEventDay.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli() + random.nextInt(86_400_000));
        boolean active = !lastEventDay.isBefore(TerritoryActivity.activeWindowEnding(today).from());
        return FigureQueries.territoryNow(id, registered, totals, days, active, firstEventDay, asOf);
    }

    /** Zero, small (1 to k-1) or not. */
    static long count(Random random, int k) {
        int draw = random.nextInt(10);
        return draw < 2 ? 0 : draw < 5 ? 1 + random.nextInt(Math.max(1, k - 1)) : k + random.nextInt(40);
    }

    private static LocalDate between(Random random, LocalDate from, LocalDate to) {
        return from.plusDays(random.nextLong(to.toEpochDay() - from.toEpochDay() + 1));
    }
}
