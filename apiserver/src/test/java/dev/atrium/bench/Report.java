package dev.atrium.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The results of one run: the JSON document, and the markdown tables printed at the end. */
final class Report {

    final Map<String, Object> json = new LinkedHashMap<>();
    private final Map<String, Map<Integer, Map<String, CellStats>>> cells = new LinkedHashMap<>();
    private final List<Target> targets;
    private final List<String[]> replicaRows = new ArrayList<>();
    private final List<String[]> targetRows = new ArrayList<>();

    Report(List<Target> targets) {
        this.targets = targets;
        json.put("cells", new LinkedHashMap<String, Object>());
    }

    void cell(Operation operation, int concurrency, Map<String, CellStats> byTarget) {
        cells.computeIfAbsent(operation.key, k -> new LinkedHashMap<>()).put(concurrency, byTarget);
        @SuppressWarnings("unchecked")
        Map<String, Object> all = (Map<String, Object>) json.get("cells");
        Map<String, Object> cell = new LinkedHashMap<>();
        byTarget.forEach((target, stats) -> cell.put(target, stats.json()));
        CellStats atrium = byTarget.get("atrium");
        for (String other : List.of("direct", "sample")) {
            CellStats peer = byTarget.get(other);
            cell.put("atrium_" + other + "_p50_ratio", atrium.p50Millis() / peer.p50Millis());
            cell.put("atrium_" + other + "_p99_ratio", atrium.p99Millis() / peer.p99Millis());
            cell.put("atrium_" + other + "_throughput_ratio", atrium.throughput() / peer.throughput());
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> forOperation = (Map<String, Object>) all.computeIfAbsent(operation.key, k -> new LinkedHashMap<>());
        forOperation.put("c" + concurrency, cell);
    }

    CellStats stats(Operation operation, int concurrency, String target) {
        return cells.getOrDefault(operation.key, Map.of()).getOrDefault(concurrency, Map.of()).get(target);
    }

    void replicaRow(String figure, String value) {
        replicaRows.add(new String[] {figure, value});
    }

    /** One of the design's targets, reported, not asserted. */
    void target(String target, String measured, boolean met) {
        targetRows.add(new String[] {target, measured, met ? "met" : "missed"});
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> list = (List<Map<String, Object>>) json.computeIfAbsent("targets", k -> new ArrayList<>());
        list.add(new LinkedHashMap<>(Map.of("target", target, "measured", measured, "met", met)));
    }

    String markdown(List<Integer> concurrencies) {
        StringBuilder md = new StringBuilder();
        md.append("| operation | c | Atrium p50 / p99 | direct p50 / p99 | sample-apiserver p50 / p99 | Atrium /s | direct /s"
                + " | sample-apiserver /s | p50 Atrium/direct | /s Atrium/direct | p50 Atrium/sample | /s Atrium/sample |\n");
        md.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Operation operation : Operation.values()) {
            for (int c : concurrencies) {
                CellStats atrium = stats(operation, c, "atrium");
                if (atrium == null) {
                    continue;
                }
                md.append("| ").append(operation.title).append(" | ").append(c);
                for (Target target : targets) {
                    CellStats s = stats(operation, c, target.key());
                    md.append(" | ").append(millis(s.p50Millis())).append(" / ").append(millis(s.p99Millis()))
                            .append(s.errors() > 0 ? " (" + s.errors() + " errors)" : "");
                }
                for (Target target : targets) {
                    md.append(" | ").append(rate(stats(operation, c, target.key()).throughput()));
                }
                for (String other : List.of("direct", "sample")) {
                    CellStats peer = stats(operation, c, other);
                    md.append(String.format(" | %.2fx | %.2fx", atrium.p50Millis() / peer.p50Millis(),
                            atrium.throughput() / peer.throughput()));
                }
                md.append(" |\n");
            }
        }
        md.append("\nc: requests in flight (for watches: concurrent writers). Watch rows: from just before a write is"
                + " sent until one of the 100 watches reads its event; /s = events delivered per second; errors = events"
                + " not seen (a server closed a watch it found unresponsive).\n");
        if (!replicaRows.isEmpty()) {
            md.append("\n| replica figure | value |\n|---|---|\n");
            replicaRows.forEach(row -> md.append("| ").append(row[0]).append(" | ").append(row[1]).append(" |\n"));
        }
        if (!targetRows.isEmpty()) {
            md.append("\n| target | measured | |\n|---|---|---|\n");
            targetRows.forEach(row -> md.append("| ").append(String.join(" | ", row)).append(" |\n"));
        }
        return md.toString();
    }

    /** Per second: whole numbers from 10 up, one decimal below. */
    static String rate(double perSecond) {
        return Double.isNaN(perSecond) ? "-" : perSecond < 10 ? String.format("%.1f", perSecond) : String.format("%.0f", perSecond);
    }

    static String millis(double ms) {
        if (Double.isNaN(ms)) {
            return "-";
        }
        return ms < 10 ? String.format("%.2f ms", ms) : ms < 100 ? String.format("%.1f ms", ms) : String.format("%.0f ms", ms);
    }
}
