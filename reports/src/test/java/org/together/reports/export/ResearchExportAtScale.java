package org.together.reports.export;

import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import org.together.events.ToolStage;
import org.together.figures.Window;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.Territory;
import org.together.reports.replay.ReportPass;
import org.together.reports.snapshot.Events;
import org.together.reports.snapshot.ReferenceData;
import org.together.schemas.TerritoryPartitions;

/**
 * The research export of a year over N synthetic territories, in this JVM, the events made one partition at a time as
 * the log gives them (none held): how long it takes, the live heap after it, the zip's size. By hand:
 * {@code java -Xmx1g -cp ... org.together.reports.export.ResearchExportAtScale 100000 10}. Most territories have a few
 * dozen participants; one in twenty is small (1 to 4); every participant starts a tool, one in three completes it, one
 * in eight assesses a footprint, one in twenty leaves.
 */
public final class ResearchExportAtScale {

    private ResearchExportAtScale() {
    }

    public static void main(String[] args) {
        int n = Integer.parseInt(args[0]);
        int meanParticipants = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Window year = new Window(LocalDate.parse("2025-01-01"), LocalDate.parse("2026-01-01"));
        Map<String, Territory> registered = new HashMap<>();
        Map<Integer, List<String>> byPartition = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String id = String.format("t-%06d", i);
            registered.put(id, Events.territory(id, "Territory " + i, i % 3 == 0 ? "FR" : i % 3 == 1 ? "BE" : "IT", "village"));
            byPartition.computeIfAbsent(TerritoryPartitions.of(id), p -> new ArrayList<>()).add(id);
        }
        ReferenceData reference = new ReferenceData(registered, Map.of(), Map.of());
        Random random = new Random(7);
        long[] events = {0};
        long started = System.nanoTime();
        long cpuStarted = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        ResearchExport export = ResearchExports.make(year, DisclosureRule.DEFAULT, Optional.empty(), daysOf -> {
            ReportPass pass = new ReportPass(year, Optional.empty(), Optional.empty(), daysOf);
            for (List<String> territories : byPartition.values()) {
                for (String t : territories) {
                    int people = random.nextInt(20) == 0 ? 1 + random.nextInt(4) : meanParticipants / 2 + random.nextInt(meanParticipants);
                    for (int p = 0; p < people; p++) {
                        String participant = t + "-p" + p;
                        Instant joined = year.from().plusDays(random.nextInt(300)).atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
                        pass.accept(t, Events.joined(t, participant, joined));
                        pass.accept(t, Events.tool(t, participant, "footprint-calculator", ToolStage.STARTED, null, joined.plusSeconds(86_400)));
                        events[0] += 2;
                        if (p % 3 == 0) {
                            pass.accept(t, Events.tool(t, participant, "footprint-calculator", ToolStage.COMPLETED, 4,
                                    joined.plusSeconds(20 * 86_400)));
                            events[0]++;
                        }
                        if (p % 8 == 0) {
                            pass.accept(t, Events.footprint(t, participant, 4 + random.nextInt(8), joined.plusSeconds(30 * 86_400)));
                            events[0]++;
                        }
                        if (p % 20 == 19) {
                            pass.accept(t, Events.left(t, participant, joined.plusSeconds(40 * 86_400)));
                            events[0]++;
                        }
                    }
                }
                pass.endPartition();
            }
            pass.result();
            Instant now = Instant.parse("2026-01-02T08:00:00Z");
            return new ResearchExports.Log(reference, now, now);
        });
        long made = System.nanoTime();
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpuStarted) / 1e9;
        byte[] zip = export.zip();
        // the files' content (a zip has its entries' times): equal digests, equal figures
        java.util.zip.CRC32 digest = new java.util.zip.CRC32();
        export.files().forEach((name, bytes) -> {
            if (!name.equals(ResearchExport.DATAPACKAGE)) {
                digest.update(bytes);
            }
        });
        long zipped = System.nanoTime();
        System.gc();
        long live = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        System.out.printf(java.util.Locale.ROOT, "%,d territories, %,d events: export made in %.1f s (%.1f s of this thread's CPU), zipped in %.1f s (%,d bytes, CSV digest %08x); live heap after it %,d MiB"
                        + " (export still held); max heap %,d MiB%n", n, events[0], (made - started) / 1e9, cpu, (zipped - made) / 1e9,
                zip.length, digest.getValue(), live >> 20, Runtime.getRuntime().maxMemory() >> 20);
    }
}
