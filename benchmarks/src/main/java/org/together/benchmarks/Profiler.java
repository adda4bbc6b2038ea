package org.together.benchmarks;

import java.io.IOException;
import java.nio.file.Path;
import java.text.ParseException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jdk.jfr.Configuration;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the CPU time of a phase goes: a JDK Flight Recorder recording (the "profile" settings, method samples
 * every 10-20 ms) around the phase, summed by method. Every thread of the JVM is sampled: broker, services,
 * Kafka Streams and the load generators alike, which is what shares the machine's cores.
 */
final class Profiler {

    /** Samples of one phase: by top frame (self time), by first project frame (org.together), by thread. */
    record HotSpots(String phase, long samples, List<Map.Entry<String, Long>> selfMethods,
                    List<Map.Entry<String, Long>> projectFrames, List<Map.Entry<String, Long>> projectInclusive,
                    List<Map.Entry<String, Long>> threads, Path file) {
    }

    private final Path dir;
    private Recording recording;
    private String phase;

    Profiler(Path dir) {
        this.dir = dir;
    }

    void start(String phase) throws IOException, ParseException {
        this.phase = phase;
        recording = new Recording(Configuration.getConfiguration("profile"));
        recording.setName("bench-" + phase);
        recording.start();
    }

    HotSpots stop(int top) throws IOException {
        recording.stop();
        Path file = dir.resolve("bench-" + phase.replaceAll("[^A-Za-z0-9-]", "-") + ".jfr");
        recording.dump(file);
        recording.close();
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> project = new HashMap<>();
        Map<String, Long> inclusive = new HashMap<>();
        Map<String, Long> threads = new HashMap<>();
        long samples = 0;
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!e.getEventType().getName().equals("jdk.ExecutionSample")) {
                continue;
            }
            RecordedStackTrace stack = e.getStackTrace();
            if (stack == null || stack.getFrames().isEmpty()) {
                continue;
            }
            samples++;
            List<RecordedFrame> frames = stack.getFrames();
            self.merge(name(frames.get(0).getMethod()), 1L, Long::sum);
            boolean deepest = true;
            java.util.Set<String> seen = new java.util.HashSet<>();
            for (RecordedFrame f : frames) {
                String n = name(f.getMethod());
                if (n.startsWith("org.together.") && !n.startsWith("org.together.benchmarks.")) {
                    if (deepest) {
                        project.merge(n, 1L, Long::sum);
                        deepest = false;
                    }
                    if (seen.add(n)) {
                        inclusive.merge(n, 1L, Long::sum);
                    }
                }
            }
            var thread = e.getThread("sampledThread");
            threads.merge(thread == null ? "?" : threadGroup(thread.getJavaName()), 1L, Long::sum);
        }
        return new HotSpots(phase, samples, topOf(self, top), topOf(project, top), topOf(inclusive, top), topOf(threads, top), file);
    }

    private static String name(RecordedMethod m) {
        // lambdas' generated class names differ per run: "Foo$$Lambda$2154+0x7f...", keep "Foo$$Lambda"
        return m.getType().getName().replaceAll("\\$\\$Lambda.*", "\\$\\$Lambda") + "." + m.getName();
    }

    /** Numbered threads of one pool count together: "ingest-committer-0" and "-1" are one line. */
    static String threadGroup(String name) {
        if (name == null) {
            return "?";
        }
        return name.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", "<uuid>")
                .replaceAll("-\\d+(?=(-|$| ))", "-N");
    }

    private static List<Map.Entry<String, Long>> topOf(Map<String, Long> counts, int n) {
        return counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()))
                .limit(n).map(e -> Map.entry(e.getKey(), e.getValue())).toList();
    }
}
