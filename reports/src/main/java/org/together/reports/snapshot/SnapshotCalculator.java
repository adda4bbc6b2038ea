package org.together.reports.snapshot;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.together.reports.snapshot.Snapshot.Breakdown;
import org.together.reports.snapshot.Snapshot.Bucket;
import org.together.reports.snapshot.Snapshot.Count;
import org.together.reports.snapshot.Snapshot.DimensionRow;
import org.together.reports.snapshot.Snapshot.FootprintFigures;
import org.together.reports.snapshot.Snapshot.NewTerritory;
import org.together.reports.snapshot.Snapshot.Ratio;
import org.together.reports.snapshot.Snapshot.TerritoryRow;
import org.together.reports.snapshot.Snapshot.ToolFigures;
import org.together.reports.snapshot.Snapshot.ToolRow;
import org.together.reports.snapshot.Snapshot.WeekPoint;
import org.together.reports.snapshot.Snapshot.WellbeingFigures;
import org.together.events.EventEnvelope;
import org.together.events.FootprintAssessed;
import org.together.events.FootprintBreakdown;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.SpiralCriterion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.reference.SpiralDimension;
import org.together.reference.Territory;
import org.together.reference.Tool;
import org.together.schemas.WireNames;

/**
 * Computes a {@link Snapshot} from decoded events: pure, no Kafka, so the same events always give the
 * same figures, whatever order they were read in and whatever happened after the period.
 */
public final class SnapshotCalculator {

    /** A territory is active when one of its events occurred in the 90 days before the instant. */
    static final Duration ACTIVE_WINDOW = Duration.ofDays(90);
    static final List<String> DIMENSIONS = List.of("A", "B", "C", "D", "E", "F", "G", "H", "I");
    private static final double[] BUCKET_BOUNDS = {0, 1, 2, 4, 6, 8, 12};
    private static final int FASTEST_GROWING = 10;

    private SnapshotCalculator() {
    }

    /**
     * The first day of the period compared with: as many whole months before {@code from} when the period is whole
     * months (Q3 against Q2, 10 April to 10 July against 10 January to 10 April), as people count quarters;
     * otherwise as many days before.
     */
    static LocalDate previousFrom(LocalDate from, LocalDate to) {
        long months = ChronoUnit.MONTHS.between(from, to);
        if (months > 0 && from.plusMonths(months).equals(to)) {
            LocalDate previous = from.minusMonths(months);
            // not when a shorter month cut the day (31 March less a month is 28 February)
            if (previous.getDayOfMonth() == from.getDayOfMonth()) {
                return previous;
            }
        }
        return from.minusDays(ChronoUnit.DAYS.between(from, to));
    }

    /**
     * @param from first day, inclusive (UTC)
     * @param to last day, exclusive (UTC); only events that occurred before it count
     * @param territoryId restricts every figure to one territory
     * @param records decoded event records of the five event types, in any order, duplicates allowed
     * @throws IllegalArgumentException when from is not before to, or a record is not an event
     * @throws UnknownTerritoryException when the territory is neither registered nor in any event
     */
    public static Snapshot compute(LocalDate from, LocalDate to, Optional<String> territoryId,
                                   Collection<? extends SpecificRecord> records, ReferenceData reference,
                                   Instant generatedAt) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        LocalDate previousFrom = previousFrom(from, to);
        Instant start = startOf(from);
        Instant end = startOf(to);
        Instant previousStart = startOf(previousFrom);

        // Deduplicate by eventId: an identical resend was stored once by ingest, but imports and
        // retries can still leave a copy in the log; the earliest received copy is the one that counts.
        Map<String, Logged> byId = new HashMap<>();
        long duplicates = 0;
        for (SpecificRecord record : records) {
            Logged event = Logged.of(record);
            Logged kept = byId.putIfAbsent(event.eventId(), event);
            if (kept != null) {
                duplicates++;
                if (Logged.PREFERRED.compare(event, kept) < 0) {
                    byId.put(event.eventId(), event);
                }
            }
        }
        if (territoryId.isPresent() && !reference.territories().containsKey(territoryId.get())
                && byId.values().stream().noneMatch(e -> e.territoryId().equals(territoryId.get()))) {
            throw new UnknownTerritoryException(territoryId.get());
        }
        List<Logged> events = new ArrayList<>();
        long afterPeriod = 0;
        for (Logged e : byId.values()) {
            if (territoryId.isPresent() && !territoryId.get().equals(e.territoryId())) {
                continue;
            }
            if (e.occurredAt().isBefore(end)) {
                events.add(e);
            } else {
                afterPeriod++;
            }
        }
        // Event-time order, so that sums (and so doubles) come out the same on every run.
        events.sort(Logged.EVENT_TIME);

        Log log = new Log(events);
        Snapshot.Scope scope = new Snapshot.Scope(from, to, previousFrom, territoryId.orElse(null),
                territoryId.map(id -> territoryName(reference, id)).orElse(null));

        long activeEnd = log.activeAt(end);
        long activeStart = log.activeAt(start);
        long activePrevious = log.activeAt(previousStart);
        ToolWindow tools = new ToolWindow(log.toolUses(start, end), activeEnd);
        ToolWindow previousTools = new ToolWindow(log.toolUses(previousStart, start), activeStart);
        ToolFigures toolsTotal = tools.total();
        ToolFigures toolsTotalPrevious = previousTools.total();
        List<FootprintAssessed> footprintsEnd = log.footprints(Instant.MIN, end);
        List<FootprintAssessed> footprintsStart = log.footprints(Instant.MIN, start);
        List<WellbeingEvaluated> evaluationsEnd = log.evaluations(Instant.MIN, end);
        List<WellbeingEvaluated> evaluationsStart = log.evaluations(Instant.MIN, start);

        Snapshot.Headline headline = new Snapshot.Headline(
                Count.of(activeEnd, activeStart),
                Count.of(log.everAt(end), log.everAt(start)),
                Count.of(log.newParticipants(start, end), log.newParticipants(previousStart, start)),
                Ratio.of(growth(activeEnd, activeStart), growth(activeStart, activePrevious)),
                Count.of(log.territoriesActiveAt(end).size(), log.territoriesActiveAt(start).size()),
                Count.of(log.newTerritories(start, end).size(), log.newTerritories(previousStart, start).size()),
                Count.of(countries(log.territoriesWithEventsBefore(end), reference),
                        countries(log.territoriesWithEventsBefore(start), reference)),
                Count.of(toolsTotal.adopters(), toolsTotalPrevious.adopters()),
                Ratio.of(toolsTotal.completionRate(), toolsTotalPrevious.completionRate()),
                Count.of(evaluationsEnd.size(), evaluationsStart.size()),
                Count.of(citizens(evaluationsEnd), citizens(evaluationsStart)),
                Count.of(footprintsEnd.size(), footprintsStart.size()),
                Ratio.of(meanTonnes(footprintsEnd), meanTonnes(footprintsStart)),
                Ratio.of(shareUnder2t(footprintsEnd), shareUnder2t(footprintsStart)));

        List<TerritoryRow> rows = log.territoryRows(start, end, reference);
        List<TerritoryRow> byTerritory = rows.stream()
                .filter(r -> r.newParticipants() > 0 || r.newInPeriod())
                .sorted(Comparator.comparingLong(TerritoryRow::newParticipants).reversed()
                        .thenComparing(TerritoryRow::territoryId))
                .toList();
        List<TerritoryRow> fastest = rows.stream()
                .filter(r -> r.activeAtEnd() > r.activeAtStart())
                .sorted(Comparator.comparingLong((TerritoryRow r) -> r.activeAtEnd() - r.activeAtStart()).reversed()
                        .thenComparing(Comparator.comparingLong(TerritoryRow::newParticipants).reversed())
                        .thenComparing(TerritoryRow::territoryId))
                .limit(FASTEST_GROWING)
                .toList();
        List<NewTerritory> newTerritories = log.newTerritories(start, end).stream()
                .map(id -> {
                    Territory t = reference.territories().get(id);
                    return new NewTerritory(id, territoryName(reference, id), t == null ? null : t.getCountryCode(),
                            t == null ? null : t.getKind(), dateOf(log.firstEvent(id)), log.activeAt(end, id));
                })
                .sorted(Comparator.comparing(NewTerritory::firstEvent).thenComparing(NewTerritory::territoryId))
                .toList();
        Snapshot.Newcomers newcomers = new Snapshot.Newcomers(byTerritory, newTerritories,
                log.newBy(start, end, Participant::role), log.newBy(start, end, Participant::channel));

        Snapshot.Tools toolSection = new Snapshot.Tools(toolsTotal, toolsTotalPrevious,
                toolRows(tools, previousTools, reference));
        Snapshot.Wellbeing wellbeing = new Snapshot.Wellbeing(
                wellbeing(log.evaluations(start, end), reference),
                wellbeing(log.evaluations(previousStart, start), reference));
        Snapshot.Footprint footprint = new Snapshot.Footprint(Snapshot.TARGET_TONNES,
                footprint(log.footprints(start, end)), footprint(log.footprints(previousStart, start)));

        return new Snapshot(scope, headline, newcomers, fastest, toolSection, wellbeing, footprint,
                log.weeks(from, to),
                new Snapshot.Provenance(generatedAt, records.size(), duplicates, 0, events.size(), afterPeriod));
    }

    static Instant startOf(LocalDate day) {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    private static LocalDate dateOf(Instant instant) {
        return LocalDate.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Double growth(long now, long before) {
        return before == 0 ? null : (double) now / before - 1;
    }

    private static String territoryName(ReferenceData reference, String id) {
        Territory t = reference.territories().get(id);
        return t == null ? id : t.getName();
    }

    private static long countries(Set<String> territories, ReferenceData reference) {
        return territories.stream()
                .map(reference.territories()::get)
                .filter(t -> t != null && t.getCountryCode() != null)
                .map(t -> t.getCountryCode().toUpperCase(java.util.Locale.ROOT))
                .distinct().count();
    }

    private static long citizens(List<WellbeingEvaluated> evaluations) {
        return evaluations.stream().mapToLong(WellbeingEvaluated::getParticipantsCount).sum();
    }

    private static Double meanTonnes(List<FootprintAssessed> assessments) {
        if (assessments.isEmpty()) {
            return null;
        }
        double sum = 0;
        for (FootprintAssessed f : assessments) {
            sum += f.getTonnesCo2ePerYear();
        }
        return sum / assessments.size();
    }

    private static Double shareUnder2t(List<FootprintAssessed> assessments) {
        if (assessments.isEmpty()) {
            return null;
        }
        long under = assessments.stream().filter(f -> f.getTonnesCo2ePerYear() < Snapshot.TARGET_TONNES).count();
        return (double) under / assessments.size();
    }

    private static FootprintFigures footprint(List<FootprintAssessed> assessments) {
        List<Bucket> buckets = new ArrayList<>();
        for (int i = 0; i < BUCKET_BOUNDS.length; i++) {
            double low = BUCKET_BOUNDS[i];
            Double high = i + 1 < BUCKET_BOUNDS.length ? BUCKET_BOUNDS[i + 1] : null;
            long n = assessments.stream()
                    .filter(f -> f.getTonnesCo2ePerYear() >= low && (high == null || f.getTonnesCo2ePerYear() < high))
                    .count();
            buckets.add(new Bucket(low, high, n));
        }
        return new FootprintFigures(assessments.size(), meanTonnes(assessments), shareUnder2t(assessments), buckets,
                new Breakdown(
                        meanOf(assessments, FootprintBreakdown::getFood),
                        meanOf(assessments, FootprintBreakdown::getHousing),
                        meanOf(assessments, FootprintBreakdown::getMobility),
                        meanOf(assessments, FootprintBreakdown::getGoods),
                        meanOf(assessments, FootprintBreakdown::getPublicServices)));
    }

    private static Double meanOf(List<FootprintAssessed> assessments, Function<FootprintBreakdown, Double> part) {
        double sum = 0;
        long n = 0;
        for (FootprintAssessed f : assessments) {
            Double value = f.getBreakdown() == null ? null : part.apply(f.getBreakdown());
            if (value != null) {
                sum += value;
                n++;
            }
        }
        return n == 0 ? null : sum / n;
    }

    private static WellbeingFigures wellbeing(List<WellbeingEvaluated> evaluations, ReferenceData reference) {
        Set<String> groups = new HashSet<>();
        TreeSet<String> codes = new TreeSet<>(DIMENSIONS);
        Map<String, long[]> notes = new HashMap<>();     // dimension -> wellbeing, illbeing, action
        Map<String, double[]> scores = new HashMap<>();  // dimension -> sum, n
        for (WellbeingEvaluated e : evaluations) {
            groups.add(e.getEnvelope().getTerritoryId() + "/" + e.getGroupId());
            for (SpiralCriterion c : e.getCriteria()) {
                codes.add(c.getDimension());
                notes.computeIfAbsent(c.getDimension(), d -> new long[3])[c.getQuestion().ordinal()] += c.getCount();
            }
            for (Map.Entry<String, Integer> s : new TreeMap<>(e.getScores()).entrySet()) {
                codes.add(s.getKey());
                double[] acc = scores.computeIfAbsent(s.getKey(), d -> new double[2]);
                acc[0] += s.getValue();
                acc[1]++;
            }
        }
        List<DimensionRow> dimensions = new ArrayList<>();
        for (String code : codes) {
            long[] n = notes.getOrDefault(code, new long[3]);
            double[] s = scores.getOrDefault(code, new double[2]);
            SpiralDimension ref = reference.dimensions().get(code);
            dimensions.add(new DimensionRow(code, ref == null ? Map.of() : new TreeMap<>(ref.getNames()),
                    n[0], n[1], n[2], s[1] == 0 ? null : s[0] / s[1], (long) s[1]));
        }
        return new WellbeingFigures(evaluations.size(), groups.size(), citizens(evaluations), dimensions);
    }

    private static List<ToolRow> toolRows(ToolWindow now, ToolWindow before, ReferenceData reference) {
        // Catalogue tools with no use are listed too: an unused tool is a finding for the meeting.
        TreeSet<String> ids = new TreeSet<>(reference.tools().keySet());
        ids.addAll(now.toolIds());
        ids.addAll(before.toolIds());
        return ids.stream()
                .map(id -> {
                    Tool tool = reference.tools().get(id);
                    return new ToolRow(id, tool == null ? id : tool.getName(),
                            tool == null ? Map.of() : new TreeMap<>(tool.getNames()), now.figures(id), before.figures(id));
                })
                .sorted(Comparator.comparingLong((ToolRow r) -> r.current().adopters()).reversed()
                        .thenComparing(ToolRow::toolId))
                .toList();
    }

    /** Tool uses in one window, by tool and stage, each participant or group once. */
    private static final class ToolWindow {
        private final Map<String, Map<ToolStage, Set<String>>> actors = new TreeMap<>();
        private final Map<String, double[]> ratings = new TreeMap<>();
        private final long activeAtEnd;

        ToolWindow(List<ToolUsed> uses, long activeAtEnd) {
            this.activeAtEnd = activeAtEnd;
            for (ToolUsed use : uses) {
                actors.computeIfAbsent(use.getToolId(), t -> new HashMap<>())
                        .computeIfAbsent(use.getStage(), s -> new HashSet<>()).add(actor(use));
                if (use.getRating() != null) {
                    double[] r = ratings.computeIfAbsent(use.getToolId(), t -> new double[2]);
                    r[0] += use.getRating();
                    r[1]++;
                }
            }
        }

        Set<String> toolIds() {
            return actors.keySet();
        }

        ToolFigures figures(String toolId) {
            Map<ToolStage, Set<String>> stages = actors.getOrDefault(toolId, Map.of());
            Set<String> adopters = new HashSet<>(stages.getOrDefault(ToolStage.STARTED, Set.of()));
            adopters.addAll(stages.getOrDefault(ToolStage.COMPLETED, Set.of()));
            double[] r = ratings.getOrDefault(toolId, new double[2]);
            return figures(size(stages, ToolStage.DISCOVERED), size(stages, ToolStage.STARTED),
                    size(stages, ToolStage.COMPLETED), adopters.size(), r[0], (long) r[1]);
        }

        /** Stage counts summed over tools (distinct tool and actor pairs); adopters distinct over all tools. */
        ToolFigures total() {
            long discovered = 0, starts = 0, completions = 0, ratingCount = 0;
            double ratingSum = 0;
            Set<String> adopters = new HashSet<>();
            for (Map.Entry<String, Map<ToolStage, Set<String>>> tool : actors.entrySet()) {
                Map<ToolStage, Set<String>> stages = tool.getValue();
                discovered += size(stages, ToolStage.DISCOVERED);
                starts += size(stages, ToolStage.STARTED);
                completions += size(stages, ToolStage.COMPLETED);
                adopters.addAll(stages.getOrDefault(ToolStage.STARTED, Set.of()));
                adopters.addAll(stages.getOrDefault(ToolStage.COMPLETED, Set.of()));
            }
            for (double[] r : ratings.values()) {
                ratingSum += r[0];
                ratingCount += (long) r[1];
            }
            return figures(discovered, starts, completions, adopters.size(), ratingSum, ratingCount);
        }

        private ToolFigures figures(long discovered, long starts, long completions, long adopters,
                                    double ratingSum, long ratingCount) {
            return new ToolFigures(discovered, starts, completions, adopters,
                    starts == 0 ? null : (double) completions / starts,
                    activeAtEnd == 0 ? null : (double) adopters / activeAtEnd,
                    ratingCount == 0 ? null : ratingSum / ratingCount,
                    ratingCount);
        }

        private static long size(Map<ToolStage, Set<String>> stages, ToolStage stage) {
            return stages.getOrDefault(stage, Set.of()).size();
        }

        private static String actor(ToolUsed use) {
            String territory = use.getEnvelope().getTerritoryId();
            return use.getParticipantId() != null
                    ? territory + "/p/" + use.getParticipantId()
                    : territory + "/g/" + use.getGroupId();
        }
    }

    /** One participant (unique within its territory) and its joins and leaves in event time. */
    private static final class Participant {
        final String territoryId;
        final List<Transition> transitions = new ArrayList<>();
        String role;
        String channel;
        Instant firstJoin;

        Participant(String territoryId) {
            this.territoryId = territoryId;
        }

        void add(Transition t, ParticipantJoined joined) {
            transitions.add(t);
            if (joined != null && (firstJoin == null || t.at().isBefore(firstJoin))) {
                firstJoin = t.at();
                role = WireNames.of(joined.getRole());
                channel = joined.getChannel() == null ? "unknown" : WireNames.of(joined.getChannel());
            }
        }

        /** Active at an instant: its latest join or leave before that instant is a join. */
        boolean activeAt(Instant instant) {
            boolean active = false;
            for (Transition t : transitions) {
                if (!t.at().isBefore(instant)) {
                    break;
                }
                active = t.join();
            }
            return active;
        }

        boolean everAt(Instant instant) {
            return firstJoin != null && firstJoin.isBefore(instant);
        }

        boolean newIn(Instant from, Instant to) {
            return firstJoin != null && !firstJoin.isBefore(from) && firstJoin.isBefore(to);
        }

        boolean leftIn(Instant from, Instant to) {
            return transitions.stream().anyMatch(t -> !t.join() && !t.at().isBefore(from) && t.at().isBefore(to));
        }

        String role() {
            return role;
        }

        String channel() {
            return channel;
        }
    }

    /** A join or a leave; at the same instant a join comes first, so a leave at that instant wins. */
    private record Transition(Instant at, boolean join, String eventId) {
        static final Comparator<Transition> ORDER = Comparator.comparing(Transition::at)
                .thenComparing(t -> !t.join())
                .thenComparing(Transition::eventId);
    }

    /** The counted events (in scope, before the end), indexed for the figures. */
    private static final class Log {
        final Map<String, Participant> participants = new LinkedHashMap<>();
        final Map<String, List<Instant>> territoryEvents = new TreeMap<>();
        final List<ToolUsed> toolUses = new ArrayList<>();
        final List<WellbeingEvaluated> evaluations = new ArrayList<>();
        final List<FootprintAssessed> footprints = new ArrayList<>();

        Log(List<Logged> events) {
            for (Logged e : events) {
                territoryEvents.computeIfAbsent(e.territoryId(), t -> new ArrayList<>()).add(e.occurredAt());
                SpecificRecord payload = e.payload();
                if (payload instanceof ParticipantJoined j) {
                    participant(e.territoryId(), j.getParticipantId())
                            .add(new Transition(e.occurredAt(), true, e.eventId()), j);
                } else if (payload instanceof ParticipantLeft l) {
                    participant(e.territoryId(), l.getParticipantId())
                            .add(new Transition(e.occurredAt(), false, e.eventId()), null);
                } else if (payload instanceof ToolUsed t) {
                    toolUses.add(t);
                } else if (payload instanceof WellbeingEvaluated w) {
                    evaluations.add(w);
                } else if (payload instanceof FootprintAssessed f) {
                    footprints.add(f);
                }
            }
            participants.values().forEach(p -> p.transitions.sort(Transition.ORDER));
        }

        private Participant participant(String territoryId, String participantId) {
            return participants.computeIfAbsent(territoryId + "/" + participantId, k -> new Participant(territoryId));
        }

        long activeAt(Instant instant) {
            return participants.values().stream().filter(p -> p.activeAt(instant)).count();
        }

        long activeAt(Instant instant, String territoryId) {
            return participants.values().stream()
                    .filter(p -> p.territoryId.equals(territoryId) && p.activeAt(instant)).count();
        }

        long everAt(Instant instant) {
            return participants.values().stream().filter(p -> p.everAt(instant)).count();
        }

        long newParticipants(Instant from, Instant to) {
            return participants.values().stream().filter(p -> p.newIn(from, to)).count();
        }

        Map<String, Long> newBy(Instant from, Instant to, Function<Participant, String> key) {
            Map<String, Long> counts = new TreeMap<>();
            participants.values().stream().filter(p -> p.newIn(from, to))
                    .forEach(p -> counts.merge(key.apply(p), 1L, Long::sum));
            return counts;
        }

        Instant firstEvent(String territoryId) {
            return territoryEvents.get(territoryId).get(0);
        }

        Set<String> territoriesActiveAt(Instant instant) {
            Instant since = instant.minus(ACTIVE_WINDOW);
            Set<String> active = new TreeSet<>();
            territoryEvents.forEach((id, times) -> {
                if (times.stream().anyMatch(t -> !t.isBefore(since) && t.isBefore(instant))) {
                    active.add(id);
                }
            });
            return active;
        }

        /** Territories taking part: at least one event before the instant (as the dashboard counts countries). */
        Set<String> territoriesWithEventsBefore(Instant instant) {
            Set<String> ids = new TreeSet<>();
            territoryEvents.forEach((id, times) -> {
                if (times.get(0).isBefore(instant)) {
                    ids.add(id);
                }
            });
            return ids;
        }

        List<String> newTerritories(Instant from, Instant to) {
            return territoryEvents.keySet().stream()
                    .filter(id -> !firstEvent(id).isBefore(from) && firstEvent(id).isBefore(to))
                    .toList();
        }

        List<ToolUsed> toolUses(Instant from, Instant to) {
            return between(toolUses, from, to, u -> u.getEnvelope());
        }

        List<WellbeingEvaluated> evaluations(Instant from, Instant to) {
            return between(evaluations, from, to, w -> w.getEnvelope());
        }

        List<FootprintAssessed> footprints(Instant from, Instant to) {
            return between(footprints, from, to, f -> f.getEnvelope());
        }

        private static <T> List<T> between(List<T> events, Instant from, Instant to, Function<T, EventEnvelope> envelope) {
            Predicate<Instant> in = t -> !t.isBefore(from) && t.isBefore(to);
            return events.stream().filter(e -> in.test(envelope.apply(e).getOccurredAt())).toList();
        }

        List<TerritoryRow> territoryRows(Instant start, Instant end, ReferenceData reference) {
            Map<String, long[]> perTerritory = new TreeMap<>(); // new, activeStart, activeEnd, everEnd
            territoryEvents.keySet().forEach(id -> perTerritory.put(id, new long[4]));
            for (Participant p : participants.values()) {
                long[] row = perTerritory.get(p.territoryId);
                row[0] += p.newIn(start, end) ? 1 : 0;
                row[1] += p.activeAt(start) ? 1 : 0;
                row[2] += p.activeAt(end) ? 1 : 0;
                row[3] += p.everAt(end) ? 1 : 0;
            }
            List<TerritoryRow> rows = new ArrayList<>();
            perTerritory.forEach((id, r) -> {
                Territory t = reference.territories().get(id);
                Instant first = firstEvent(id);
                rows.add(new TerritoryRow(id, t == null ? id : t.getName(), t == null ? null : t.getCountryCode(),
                        r[0], r[1], r[2], r[3], growth(r[2], r[1]), !first.isBefore(start) && first.isBefore(end)));
            });
            return rows;
        }

        /** ISO weeks of the period, the first and last cut at the period's bounds. */
        List<WeekPoint> weeks(LocalDate from, LocalDate to) {
            List<WeekPoint> weeks = new ArrayList<>();
            LocalDate weekStart = from;
            while (weekStart.isBefore(to)) {
                LocalDate nextMonday = weekStart.plusDays(8 - weekStart.getDayOfWeek().getValue());
                LocalDate weekEnd = nextMonday.isBefore(to) ? nextMonday : to;
                Instant a = startOf(weekStart);
                Instant b = startOf(weekEnd);
                String label = String.format("%d-W%02d", weekStart.get(IsoFields.WEEK_BASED_YEAR),
                        weekStart.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
                weeks.add(new WeekPoint(label, weekStart, weekEnd,
                        newParticipants(a, b),
                        participants.values().stream().filter(p -> p.leftIn(a, b)).count(),
                        activeAt(b), everAt(b)));
                weekStart = weekEnd;
            }
            return weeks;
        }
    }

    /** An event record with its envelope's fields pulled out. */
    private record Logged(String eventId, String territoryId, Instant occurredAt, Instant receivedAt,
                          SpecificRecord payload) {

        static final Comparator<Logged> EVENT_TIME = Comparator.comparing(Logged::occurredAt)
                .thenComparing(Logged::eventId);
        /** Which copy of a repeated eventId counts: the earliest received; ties by content, to be stable. */
        static final Comparator<Logged> PREFERRED = Comparator.comparing(Logged::receivedAt)
                .thenComparing(l -> l.payload().toString());

        static Logged of(SpecificRecord record) {
            EventEnvelope envelope;
            if (record instanceof ParticipantJoined e) {
                envelope = e.getEnvelope();
            } else if (record instanceof ParticipantLeft e) {
                envelope = e.getEnvelope();
            } else if (record instanceof ToolUsed e) {
                envelope = e.getEnvelope();
            } else if (record instanceof WellbeingEvaluated e) {
                envelope = e.getEnvelope();
            } else if (record instanceof FootprintAssessed e) {
                envelope = e.getEnvelope();
            } else {
                throw new IllegalArgumentException("not an event record: " + record.getClass().getName());
            }
            return new Logged(envelope.getEventId(), envelope.getTerritoryId(), envelope.getOccurredAt(),
                    envelope.getReceivedAt(), record);
        }
    }
}
