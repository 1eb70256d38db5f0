package dev.atrium.bench;

import com.google.gson.GsonBuilder;
import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.ControlPlane;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The benchmark {@code hack/bench} runs: one workload on three targets through kube-apiserver,
 * interleaved in one run: Atrium ({@code management.atrium.dev/v1} teams), the storage CRD behind
 * them read and written directly ({@code storage.atrium.dev/v1}), and sample-apiserver's flunders.
 * Get, list 500 and 5,000, update, watch event latency and create, at 1, 16 and 64 requests in
 * flight; then the replicas' memory, a JFR profile of get and list in a replica, and the leader
 * takeover times. Writes JSON to the output directory and prints markdown tables.
 *
 * <p>Each cell (an operation at a concurrency) runs the targets one after the other in a rotating
 * order, at one request in flight in {@value #ROUNDS} rounds, so that noise from the rest of the
 * machine spreads over all three. (At 16 and 64 in flight one round each: every round waits for
 * the last answers of all its requests in flight, the longest part of a loaded cell.)
 *
 * <p>Usage: {@code Bench --root <repo> --state <hack/up state> --out <dir> [--startup <file>]
 * [--seconds <per cell and target>] [--takeover-runs <n>] [--no-profile] [--no-takeover]}.
 */
public final class Bench {

    static final List<Integer> CONCURRENCY = List.of(1, 16, 64);
    private static final int ROUNDS = 2;
    private static final int PROFILE_CONCURRENCY = 16;

    private final Map<String, String> options;
    private final AdminHttp http;
    private final AtriumReplicas replicas;
    private final Path out;
    private final Target atrium = Target.atrium();
    private final Target direct = Target.direct();
    private final Target sample = Target.sample();
    private final List<Target> targets = List.of(atrium, direct, sample);
    private final Fixtures fixtures = new Fixtures("b" + Long.toString(System.currentTimeMillis() / 1000, 36));
    private final AtomicLong sequence = new AtomicLong();
    private final Report report = new Report(targets);
    private final double seconds;

    private Bench(Map<String, String> options) throws Exception {
        this.options = options;
        Path state = Path.of(options.get("state"));
        Properties env = new Properties();
        try (var reader = Files.newBufferedReader(state.resolve("control-plane.env"))) {
            env.load(reader);
        }
        this.http = AdminHttp.connect(env.getProperty("KUBE_APISERVER_URL"), Path.of(env.getProperty("PKI_DIR")));
        this.replicas = ControlPlane.local(Path.of(options.get("root")), state).replicas();
        this.out = Files.createDirectories(Path.of(options.get("out")));
        this.seconds = Double.parseDouble(options.getOrDefault("seconds", "3"));
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i++) {
            String name = args[i].replaceFirst("^--", "");
            boolean flag = name.startsWith("no-");
            options.put(name, flag ? "true" : args[++i]);
        }
        new Bench(options).run();
        System.exit(0); // open keep-alive connections hold no thread that should keep the JVM up
    }

    private void run() throws Exception {
        Instant started = Instant.now();
        report.json.put("started", started.toString());
        report.json.put("machine", machine());
        report.json.put("settings", Map.of("seconds_per_cell_and_target", seconds, "rounds", ROUNDS,
                "concurrency", CONCURRENCY, "watches", WatchLatency.WATCHES, "list_sizes",
                List.of(Fixtures.LIST_SMALL, Fixtures.LIST_LARGE), "run", fixtures.run));
        try (ReplicaMemory memory = new ReplicaMemory(replicas)) {
            Map<String, Long> idle = memory.now();
            progress("replicas' RSS, idle: " + mib(idle));
            Fixtures.deleteAll(http, List.of(direct, sample));
            progress("creating %d objects per kind and %d per target to write (run %s)", Fixtures.LIST_LARGE,
                    2 * Fixtures.PER_WORKER, fixtures.run);
            long start = System.nanoTime();
            fixtures.create(http, atrium, direct, sample);
            fixtures.verify(http, targets);
            progress("created and verified in %.0f s", (System.nanoTime() - start) / 1e9);
            try {
                warmUp();
                measure(memory);
                if (!options.containsKey("no-profile")) {
                    profile();
                }
            } finally {
                progress("deleting the run's objects");
                Fixtures.deleteAll(http, List.of(direct, sample));
            }
            replicaFigures(idle, memory.peakUnderLoad());
        }
        if (!options.containsKey("no-takeover")) {
            takeover();
        }
        reportTargets();
        report.json.put("finished", Instant.now().toString());
        report.json.put("load_average_end", loadAverage());
        Path file = out.resolve("bench-" + started.toString().replace(':', '-') + ".json");
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues().create()
                .toJson(report.json));
        System.out.println();
        System.out.print(report.markdown(CONCURRENCY));
        System.out.println();
        System.out.println("JSON: " + file);
    }

    private void warmUp() throws Exception {
        progress("warming up (every operation on every target, 8 in flight)");
        Workers workers = new Workers(http, fixtures, sequence);
        for (Operation operation : List.of(Operation.GET, Operation.LIST_SMALL, Operation.LIST_LARGE, Operation.UPDATE)) {
            for (Target target : targets) {
                ClosedLoop.run(8, Duration.ofSeconds(1), workers.factory(target, operation), new CellStats());
            }
        }
    }

    private void measure(ReplicaMemory memory) throws Exception {
        Workers workers = new Workers(http, fixtures, sequence);
        WatchLatency watches = new WatchLatency(http, fixtures, sequence);
        // Creates last: the objects they add would otherwise lengthen the lists measured after them.
        List<Operation> order = List.of(Operation.GET, Operation.LIST_SMALL, Operation.LIST_LARGE, Operation.UPDATE,
                Operation.WATCH, Operation.CREATE);
        int cell = 0;
        for (Operation operation : order) {
            for (int c : CONCURRENCY) {
                Map<String, CellStats> stats = new LinkedHashMap<>();
                targets.forEach(t -> stats.put(t.key(), new CellStats()));
                Duration duration = duration(operation);
                boolean list = operation == Operation.LIST_SMALL || operation == Operation.LIST_LARGE;
                if (operation == Operation.WATCH) {
                    Map<String, CellStats> writes = new LinkedHashMap<>();
                    for (Target target : rotated(cell)) {
                        CellStats written = writes.computeIfAbsent(target.key(), k -> new CellStats());
                        watches.run(target, c, duration, stats.get(target.key()), written);
                    }
                    Map<String, Object> writeJson = new LinkedHashMap<>();
                    writes.forEach((k, v) -> writeJson.put(k, v.json()));
                    report.json.put("watch_writes_c" + c, writeJson);
                } else {
                    int rounds = c == 1 ? ROUNDS : 1;
                    Duration slice = duration.dividedBy(rounds);
                    for (int round = 0; round < rounds; round++) {
                        for (Target target : rotated(cell + round)) {
                            memory.loaded(list && target == atrium);
                            ClosedLoop.run(c, slice, workers.factory(target, operation), stats.get(target.key()));
                            memory.loaded(false);
                        }
                    }
                }
                report.cell(operation, c, stats);
                CellStats a = stats.get("atrium");
                CellStats d = stats.get("direct");
                CellStats s = stats.get("sample");
                progress("%-26s c=%-2d p50 %s / %s / %s, %s / %s / %s per s (Atrium / direct / sample-apiserver)%s",
                        operation.title, c, Report.millis(a.p50Millis()), Report.millis(d.p50Millis()),
                        Report.millis(s.p50Millis()), Report.rate(a.throughput()), Report.rate(d.throughput()),
                        Report.rate(s.throughput()),
                        a.errors() + d.errors() + s.errors() > 0
                                ? ", errors " + a.errors() + " / " + d.errors() + " / " + s.errors() : "");
                cell++;
            }
        }
    }

    private Duration duration(Operation operation) {
        double factor = switch (operation) {
            case LIST_LARGE -> 1.5;
            case WATCH -> 4.0 / 3;
            default -> 1;
        };
        return Duration.ofMillis(Math.round(seconds * factor * 1000));
    }

    private List<Target> rotated(int by) {
        List<Target> order = new ArrayList<>(targets);
        Collections.rotate(order, by % order.size());
        return order;
    }

    /** JFR on every replica while Atrium serves gets, then lists of 500; summarizes the busiest replica. */
    private void profile() throws Exception {
        Workers workers = new Workers(http, fixtures, sequence);
        Profiler profiler = new Profiler(replicas, out);
        Map<String, Object> json = new LinkedHashMap<>();
        Duration duration = Duration.ofMillis(Math.round(seconds * 4000));
        for (Operation operation : List.of(Operation.GET, Operation.LIST_SMALL)) {
            progress("profiling Atrium: %s, %d in flight, %d s, JFR on every replica", operation.title,
                    PROFILE_CONCURRENCY, duration.toSeconds());
            profiler.start();
            ClosedLoop.run(PROFILE_CONCURRENCY, duration, workers.factory(atrium, operation), new CellStats());
            List<Path> files = profiler.stop(operation.key);
            HotFrames busiest = null;
            Path busiestFile = null;
            for (Path file : files) {
                HotFrames frames = HotFrames.of(file);
                if (busiest == null || frames.samples() > busiest.samples()) {
                    busiest = frames;
                    busiestFile = file;
                }
            }
            String summary = busiest.describe(operation.title + " (" + busiestFile.getFileName() + ")");
            System.err.print(summary);
            Files.writeString(busiestFile.resolveSibling(busiestFile.getFileName() + ".txt"), summary);
            Map<String, Object> entry = new LinkedHashMap<>();
            entry.put("recording", busiestFile.toString());
            entry.put("summary", busiest);
            json.put(operation.key, entry);
        }
        report.json.put("profile", json);
    }

    private void replicaFigures(Map<String, Long> idle, Map<String, Long> underLoad) throws Exception {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("rss_idle_kib", idle);
        json.put("rss_list_load_peak_kib", underLoad);
        String startup = options.get("startup");
        if (startup != null && Files.exists(Path.of(startup))) {
            List<Double> ready = new ArrayList<>();
            List<Long> startedRss = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(startup))) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length == 2 && fields[0].matches("\\d+")) {
                    ready.add(Long.parseLong(fields[0]) / 1000.0);
                    startedRss.add(Long.parseLong(fields[1]));
                } else if (fields.length == 2 && fields[0].equals("idle")) {
                    json.put("rss_new_replica_idle_kib", Long.parseLong(fields[1]));
                }
            }
            if (!ready.isEmpty()) {
                json.put("start_to_ready_s", ready);
                json.put("rss_just_ready_kib", startedRss);
                report.replicaRow("start to ready, an extra replica (median of " + ready.size() + ")",
                        String.format("%.2f s (%s)", median(ready), seconds(ready)));
                report.replicaRow("RSS of that replica once ready", mib(startedRss));
            }
            if (json.get("rss_new_replica_idle_kib") instanceof Long kib) {
                report.replicaRow("RSS of that replica idle, 10 s after ready", mib(List.of(kib)));
            }
        }
        report.replicaRow("RSS idle (running replicas, before the load; they keep what earlier loads grew)", mib(idle));
        report.replicaRow("RSS under list load (peak while Atrium served lists)", mib(underLoad));
        report.json.put("replicas", json);
    }

    private void takeover() throws Exception {
        int runs = Integer.parseInt(options.getOrDefault("takeover-runs", "3"));
        if (replicas.count() < 3) {
            String why = "skipped: needs hack/up --replicas 3 (this control plane runs " + replicas.count() + ")";
            progress("takeover " + why);
            report.replicaRow("takeover after SIGTERM / SIGKILL of the leader", why);
            report.json.put("takeover", Map.of("skipped", why));
            return;
        }
        LeaseTakeover takeover = new LeaseTakeover(http, replicas, Path.of(options.get("root")), Path.of(options.get("state")));
        progress("takeover after SIGTERM of the leader, %d runs", runs);
        List<Double> graceful = takeover.measure(false, runs);
        progress("takeover after SIGKILL of the leader, %d runs", runs);
        List<Double> crash = takeover.measure(true, runs);
        report.json.put("takeover", Map.of("sigterm_s", graceful, "sigkill_s", crash));
        report.replicaRow("takeover after SIGTERM of the leader (median of " + runs + ")",
                String.format("%.2f s (%s)", median(graceful), seconds(graceful)));
        report.replicaRow("takeover after SIGKILL of the leader (median of " + runs + ")",
                String.format("%.2f s (%s)", median(crash), seconds(crash)));
    }

    /** The design's targets, as measured in this run. */
    private void reportTargets() {
        for (Operation operation : List.of(Operation.GET, Operation.LIST_SMALL, Operation.LIST_LARGE)) {
            for (int c : CONCURRENCY) {
                CellStats a = report.stats(operation, c, "atrium");
                CellStats d = report.stats(operation, c, "direct");
                CellStats s = report.stats(operation, c, "sample");
                if (a == null) {
                    continue;
                }
                double p50 = a.p50Millis() / d.p50Millis();
                double rate = d.throughput() / a.throughput();
                report.target(operation.title + ", c=" + c + ": p50 and throughput within 1.3x of direct",
                        String.format("p50 %.2fx direct's, throughput %s vs %s per s", p50, Report.rate(a.throughput()),
                                Report.rate(d.throughput())), p50 <= 1.3 && rate <= 1.3);
                if (c > 1) {
                    report.target(operation.title + ", c=" + c + ": throughput ahead of sample-apiserver",
                            Report.rate(a.throughput()) + " vs " + Report.rate(s.throughput()) + " per s",
                            a.throughput() > s.throughput());
                }
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> replicaJson = (Map<String, Object>) report.json.get("replicas");
        @SuppressWarnings("unchecked")
        List<Double> ready = (List<Double>) replicaJson.get("start_to_ready_s");
        if (ready != null) {
            report.target("a replica is ready within 3 s of start", String.format("%.2f s (median)", median(ready)),
                    median(ready) <= 3);
        }
        if (replicaJson.get("rss_new_replica_idle_kib") instanceof Long kib) {
            report.target("a replica idles under 256 MiB RSS", String.format("%.0f MiB (a new replica, 10 s after ready)",
                    kib / 1024.0), kib < 256 * 1024);
        }
    }

    private static Map<String, Object> machine() {
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("cores", Runtime.getRuntime().availableProcessors());
        machine.put("java", System.getProperty("java.vm.version"));
        machine.put("load_average_start", loadAverage());
        return machine;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    private static String seconds(List<Double> values) {
        return String.join(", ", values.stream().map(v -> String.format("%.2f", v)).toList()) + " s";
    }

    private static String mib(Map<String, Long> kib) {
        if (kib.isEmpty()) {
            return "-";
        }
        return String.join(", ", kib.entrySet().stream()
                .map(e -> String.format("%s %.0f MiB", e.getKey(), e.getValue() / 1024.0)).toList());
    }

    private static String mib(List<Long> kib) {
        return String.join(", ", kib.stream().map(v -> String.format("%.0f MiB", v / 1024.0)).toList());
    }

    private static void progress(String format, Object... args) {
        System.err.printf("[%tT] %s%n", System.currentTimeMillis(), args.length == 0 ? format : String.format(format, args));
    }
}
