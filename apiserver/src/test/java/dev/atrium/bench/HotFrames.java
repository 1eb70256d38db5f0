package dev.atrium.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import jdk.jfr.consumer.RecordedClass;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedMethod;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * What a JFR recording says dominates: of the Java stack samples ({@code jdk.ExecutionSample}),
 * the methods on top (self time), the packages on top, and the Atrium methods anywhere on the
 * stack (inclusive time); plus garbage collection pauses and the most allocated classes.
 */
record HotFrames(long samples, Map<String, Long> self, Map<String, Long> packages, Map<String, Long> atrium,
        long collections, double pauseMillis, Map<String, Long> allocatedBytes) {

    private static final int TOP = 15;

    static HotFrames of(Path recording) throws IOException {
        Map<String, Long> self = new HashMap<>();
        Map<String, Long> packages = new HashMap<>();
        Map<String, Long> atrium = new HashMap<>();
        Map<String, Long> allocated = new HashMap<>();
        long samples = 0;
        long collections = 0;
        double pauseMillis = 0;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                switch (event.getEventType().getName()) {
                    case "jdk.ExecutionSample" -> {
                        RecordedStackTrace stack = event.getStackTrace();
                        if (stack == null || stack.getFrames().isEmpty()) {
                            continue;
                        }
                        samples++;
                        RecordedMethod top = stack.getFrames().getFirst().getMethod();
                        self.merge(name(top), 1L, Long::sum);
                        packages.merge(packageGroup(top.getType()), 1L, Long::sum);
                        Set<String> seen = new HashSet<>();
                        for (RecordedFrame frame : stack.getFrames()) {
                            String method = name(frame.getMethod());
                            if (method.startsWith("dev.atrium.") && seen.add(method)) {
                                atrium.merge(method, 1L, Long::sum);
                            }
                        }
                    }
                    case "jdk.GarbageCollection" -> {
                        collections++;
                        pauseMillis += event.getDuration("sumOfPauses").toNanos() / 1e6;
                    }
                    case "jdk.ObjectAllocationSample" -> allocated.merge(
                            event.getClass("objectClass").getName(), event.getLong("weight"), Long::sum);
                    default -> {
                    }
                }
            }
        }
        return new HotFrames(samples, top(self), top(packages), top(atrium), collections, pauseMillis, top(allocated));
    }

    /** A readable summary, percentages of the samples. */
    String describe(String title) {
        StringBuilder text = new StringBuilder();
        text.append(String.format("%s: %d samples, %d collections (%.0f ms paused)%n", title, samples, collections, pauseMillis));
        section(text, "top of stack (self)", self, samples, "%");
        section(text, "top of stack by package", packages, samples, "%");
        section(text, "Atrium methods on the stack (inclusive)", atrium, samples, "%");
        section(text, "allocated (sampled weight)", allocatedBytes, 0, "MiB");
        return text.toString();
    }

    private static void section(StringBuilder text, String title, Map<String, Long> counts, long total, String unit) {
        text.append("  ").append(title).append(':').append(System.lineSeparator());
        counts.forEach((name, count) -> text.append(unit.equals("%")
                ? String.format("    %5.1f%%  %s%n", 100.0 * count / Math.max(1, total), name)
                : String.format("    %7.1f MiB  %s%n", count / 1048576.0, name)));
    }

    private static String name(RecordedMethod method) {
        return method.getType().getName() + "." + method.getName();
    }

    /** java.*, jdk.*, sun.* by package; libraries and Atrium by their first three package names. */
    static String packageGroup(RecordedClass type) {
        String name = type.getName();
        int dot = name.lastIndexOf('.');
        String pkg = dot < 0 ? "" : name.substring(0, dot);
        if (pkg.startsWith("java.") || pkg.startsWith("jdk.") || pkg.startsWith("sun.") || pkg.startsWith("javax.")) {
            return pkg;
        }
        String[] parts = pkg.split("\\.");
        int keep = pkg.startsWith("dev.atrium.") ? 4 : 3;
        return String.join(".", List.of(parts).subList(0, Math.min(keep, parts.length)));
    }

    private static Map<String, Long> top(Map<String, Long> counts) {
        Map<String, Long> top = new LinkedHashMap<>();
        counts.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder())).limit(TOP)
                .forEach(e -> top.put(e.getKey(), e.getValue()));
        return top;
    }
}
