package org.together.aggregation.query;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import java.io.OutputStream;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.Consumer;
import org.together.figures.Figures;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.Territory;

/**
 * Decides the public figures of N synthetic territories and writes the whole public ranked list, then one
 * territory's answers, in this JVM: run in a child JVM with a small heap by {@link PublicTerritoriesAtScaleTest}
 * (and by hand to measure: {@code java -Xmx... PublicTerritoriesAtScale 100000}). Territories are made one at a time,
 * as the network's store gives them: most of a few dozen participants and one tool, one in twenty small (1 to 4), one
 * in ten evaluating and assessing; one alone piloting a second tool, which every territory's answers list hidden.
 */
public final class PublicTerritoriesAtScale {

    /** A tool only territory 1 used, 3 times. */
    static final String PILOT = "pilot-tool";

    public static void main(String[] args) throws Exception {
        int n = Integer.parseInt(args[0]);
        ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        AsOf asOf = AsOf.now();
        long started = System.nanoTime();
        PublicTerritories decided = PublicTerritories.decide(territories(n, asOf), DisclosureRule.DEFAULT);
        long decidedAt = System.nanoTime();
        long[] bytes = {0};
        OutputStream counting = new OutputStream() {
            @Override
            public void write(int b) {
                bytes[0]++;
            }

            @Override
            public void write(byte[] b, int off, int len) {
                bytes[0] += len;
            }
        };
        json.writeValue(counting, decided.ranked(json));
        long listedAt = System.nanoTime();
        PublicTerritories.Answers answers = decided.territory(territory(n / 2, asOf), json).orElseThrow();
        String one = json.writeValueAsString(answers.summary());
        boolean pilotHidden = false;
        for (var tool : answers.tools().get("tools")) {
            pilotHidden |= tool.get("toolId").asText().equals(PILOT) && tool.get("starts").isNull();
        }
        System.gc();
        Runtime rt = Runtime.getRuntime();
        long heapAfterGc = rt.totalMemory() - rt.freeMemory();
        System.out.printf("territories=%d listBytes=%d decideMs=%d listMs=%d heapAfterGcMiB=%d maxHeapMiB=%d pilotHidden=%s"
                        + " first=%s summary=%s%n",
                decided.size(), bytes[0], (decidedAt - started) / 1_000_000, (listedAt - decidedAt) / 1_000_000,
                heapAfterGc >> 20, rt.maxMemory() >> 20, pilotHidden,
                json.writeValueAsString(decided.ranked(json, 0, 1)), one.length() > 300 ? one.substring(0, 300) : one);
        if (decided.size() != n) {
            throw new IllegalStateException("decided " + decided.size() + " of " + n);
        }
    }

    static Consumer<Consumer<FigureQueries.TerritoryNow>> territories(int n, AsOf asOf) {
        return each -> {
            for (int i = 0; i < n; i++) {
                each.accept(territory(i, asOf));
            }
        };
    }

    static String id(int i) {
        return String.format("territory-%06d", i);
    }

    /** Territory {@code i}: the same figures every time it is made. */
    static FigureQueries.TerritoryNow territory(int i, AsOf asOf) {
        Random random = new Random(i);
        LocalDate today = asOf.day();
        long participants = i % 20 == 7 ? 1 + random.nextInt(4) : 5 + random.nextInt(60);
        Figures totals = new Figures().addParticipants(participants, participants, 0)
                .addEvents(participants * 3, today.atStartOfDay(ZoneOffset.UTC).toInstant().toEpochMilli());
        totals.addToolStage("climate-fresk", Figures.ToolStage.STARTED, 1 + random.nextInt(8));
        totals.addToolStage("climate-fresk", Figures.ToolStage.COMPLETED, random.nextInt(4));
        if (i == 1) {
            totals.addToolStage(PILOT, Figures.ToolStage.STARTED, 3);
        }
        if (i % 10 == 3) {
            long groups = 1 + random.nextInt(8);
            totals.addEvaluations(groups, groups, groups * 6);
            totals.addCriteria("A", Figures.Question.WELLBEING, 1 + random.nextInt(20));
            totals.addScore("A", 1 + random.nextInt(5));
            totals.addAssessments(1 + random.nextInt(9), 1000L * (1 + random.nextInt(9)), random.nextInt(2));
            totals.addFootprintDomain("food", 1200, 1);
        }
        TreeMap<LocalDate, Figures> recent = new TreeMap<>();
        recent.put(today.minusDays(random.nextInt(120)), new Figures().addParticipants(participants, participants, 0));
        Territory registered = new Territory(id(i), "Territory " + i, "FR", "municipality", 1000L + random.nextInt(100_000),
                null, null, Instant.parse("2025-01-01T00:00:00Z"));
        return FigureQueries.territoryNow(id(i), registered, totals, recent, true, today.minusDays(200), asOf);
    }
}
