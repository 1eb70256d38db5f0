package dev.atrium.bench;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Reads through aggregation (kubectl's path: kube-apiserver, HAProxy, an Atrium replica, and back
 * to kube-apiserver for the storage object) against reading the same storage custom resource
 * directly from kube-apiserver, side by side: each round measures both, in alternating order.
 *
 * <p>Usage: {@code ReadLatencyBench <state dir of hack/up> <output dir>}; {@code hack/bench} runs it.
 */
public final class ReadLatencyBench {

    private static final int OBJECTS = 500;
    private static final int WARMUP = 100;
    private static final int GETS = 2000;
    private static final int LISTS = 100;
    private static final int CONCURRENCY = 16;
    private static final int THROUGHPUT_GETS = 4000;

    private final OkHttpClient http;
    private final String base;
    private final String run = "bench-" + Long.toString(System.currentTimeMillis(), 36);

    private ReadLatencyBench(ApiClient client) {
        this.http = client.getHttpClient().newBuilder()
                .connectionPool(new okhttp3.ConnectionPool(CONCURRENCY * 2, 5, TimeUnit.MINUTES))
                .dispatcher(dispatcher()).build();
        this.base = client.getBasePath();
    }

    private static okhttp3.Dispatcher dispatcher() {
        okhttp3.Dispatcher dispatcher = new okhttp3.Dispatcher();
        dispatcher.setMaxRequests(CONCURRENCY * 2);
        dispatcher.setMaxRequestsPerHost(CONCURRENCY * 2);
        return dispatcher;
    }

    public static void main(String[] args) throws Exception {
        Path state = Path.of(args[0]);
        Path out = Files.createDirectories(Path.of(args[1]));
        Properties env = new Properties();
        try (var reader = Files.newBufferedReader(state.resolve("control-plane.env"))) {
            env.load(reader);
        }
        ApiClient client = Config.fromConfig(env.getProperty("KUBECONFIG"));
        ReadLatencyBench bench = new ReadLatencyBench(client);
        Map<String, Object> results = bench.run();
        Path file = out.resolve("read-latency-" + Instant.now().toString().replace(':', '-') + ".json");
        Files.writeString(file, new GsonBuilder().setPrettyPrinting().create().toJson(results));
        System.out.println("\nJSON: " + file);
    }

    private Map<String, Object> run() throws Exception {
        String direct = "/apis/storage.atrium.dev/v1/projects";
        String atrium = "/apis/management.atrium.dev/v1/projects";
        System.out.printf("creating %d projects (label %s)...%n", OBJECTS, run);
        createProjects(atrium);
        try {
            String one = atrium + "/" + run + "-0";
            String oneDirect = direct + "/" + run + "-0";
            String list = "?labelSelector=atrium.dev/bench%3D" + run;
            for (int i = 0; i < WARMUP; i++) {
                timed(oneDirect);
                timed(one);
                if (i % 10 == 0) {
                    timed(direct + list);
                    timed(atrium + list);
                }
            }
            Map<String, Object> results = new LinkedHashMap<>();
            Sample[] gets = alternate(oneDirect, one, GETS);
            Sample[] lists = alternate(direct + list, atrium + list, LISTS);
            double directGetRate = throughput(oneDirect);
            double atriumGetRate = throughput(one);
            results.put("objects", OBJECTS);
            results.put("get", row("get one project", gets[0], gets[1], directGetRate, atriumGetRate));
            results.put("list", row("list " + OBJECTS + " projects", lists[0], lists[1], Double.NaN, Double.NaN));
            printTable(gets, lists, directGetRate, atriumGetRate);
            return results;
        } finally {
            send("DELETE", direct + "?labelSelector=atrium.dev/bench%3D" + run, null);
        }
    }

    private void createProjects(String path) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> created = new ArrayList<>();
            for (int i = 0; i < OBJECTS; i++) {
                int n = i;
                created.add(pool.submit(() -> {
                    JsonObject project = new JsonObject();
                    project.addProperty("apiVersion", "management.atrium.dev/v1");
                    project.addProperty("kind", "Project");
                    JsonObject metadata = new JsonObject();
                    metadata.addProperty("name", run + "-" + n);
                    JsonObject labels = new JsonObject();
                    labels.addProperty("atrium.dev/bench", run);
                    metadata.add("labels", labels);
                    project.add("metadata", metadata);
                    JsonObject spec = new JsonObject();
                    spec.addProperty("displayName", "Benchmark project " + n);
                    JsonObject owner = new JsonObject();
                    owner.addProperty("user", "bench");
                    spec.add("owner", owner);
                    JsonArray members = new JsonArray();
                    JsonObject member = new JsonObject();
                    member.addProperty("kind", "User");
                    member.addProperty("name", "bench");
                    member.addProperty("role", "admin");
                    members.add(member);
                    spec.add("members", members);
                    project.add("spec", spec);
                    int code = send("POST", path, project.toString());
                    if (code != 201) {
                        throw new IllegalStateException("create answered " + code);
                    }
                    return null;
                }));
            }
            for (Future<?> f : created) {
                f.get();
            }
        }
    }

    /** Latency samples of two paths, measured in alternating order, one request at a time. */
    private Sample[] alternate(String directPath, String atriumPath, int count) throws IOException {
        long[] direct = new long[count];
        long[] atrium = new long[count];
        for (int i = 0; i < count; i++) {
            if (i % 2 == 0) {
                direct[i] = timed(directPath);
                atrium[i] = timed(atriumPath);
            } else {
                atrium[i] = timed(atriumPath);
                direct[i] = timed(directPath);
            }
        }
        return new Sample[] {new Sample(direct), new Sample(atrium)};
    }

    /** Requests per second with {@link #CONCURRENCY} requests in flight. */
    private double throughput(String path) throws Exception {
        long start = System.nanoTime();
        try (ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY)) {
            List<Future<Long>> done = new ArrayList<>();
            for (int i = 0; i < THROUGHPUT_GETS; i++) {
                done.add(pool.submit(() -> timed(path)));
            }
            for (Future<Long> f : done) {
                f.get();
            }
        }
        return THROUGHPUT_GETS / ((System.nanoTime() - start) / 1e9);
    }

    private long timed(String path) throws IOException {
        long start = System.nanoTime();
        int code = send("GET", path, null);
        long elapsed = System.nanoTime() - start;
        if (code != 200) {
            throw new IllegalStateException("GET " + path + " answered " + code);
        }
        return elapsed;
    }

    private int send(String method, String path, String json) throws IOException {
        RequestBody body = json == null ? null : RequestBody.create(json, MediaType.get("application/json"));
        Request request = new Request.Builder().url(base + path).method(method, body)
                .header("Accept", "application/json").build();
        try (Response response = http.newCall(request).execute()) {
            response.body().bytes();
            return response.code();
        }
    }

    private record Sample(long[] nanos) {
        Sample {
            nanos = nanos.clone();
            java.util.Arrays.sort(nanos);
        }

        double millis(double quantile) {
            return nanos[Math.min(nanos.length - 1, (int) Math.ceil(quantile * nanos.length) - 1)] / 1e6;
        }

        double rate() {
            double total = 0;
            for (long n : nanos) {
                total += n;
            }
            return nanos.length / (total / 1e9);
        }
    }

    private static Map<String, Object> row(String what, Sample direct, Sample atrium, double directRate, double atriumRate) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("operation", what);
        row.put("direct_p50_ms", direct.millis(0.5));
        row.put("direct_p99_ms", direct.millis(0.99));
        row.put("atrium_p50_ms", atrium.millis(0.5));
        row.put("atrium_p99_ms", atrium.millis(0.99));
        row.put("p50_ratio", atrium.millis(0.5) / direct.millis(0.5));
        if (!Double.isNaN(directRate)) {
            row.put("direct_rps_c" + CONCURRENCY, directRate);
            row.put("atrium_rps_c" + CONCURRENCY, atriumRate);
        }
        return row;
    }

    private static void printTable(Sample[] gets, Sample[] lists, double directRate, double atriumRate) {
        System.out.println();
        System.out.println("| operation | direct p50 | direct p99 | Atrium p50 | Atrium p99 | p50 ratio | direct req/s (c=" + CONCURRENCY
                + ") | Atrium req/s (c=" + CONCURRENCY + ") |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        System.out.printf("| get one project | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2fx | %.0f | %.0f |%n",
                gets[0].millis(0.5), gets[0].millis(0.99), gets[1].millis(0.5), gets[1].millis(0.99),
                gets[1].millis(0.5) / gets[0].millis(0.5), directRate, atriumRate);
        System.out.printf("| list %d projects | %.2f ms | %.2f ms | %.2f ms | %.2f ms | %.2fx | | |%n", OBJECTS,
                lists[0].millis(0.5), lists[0].millis(0.99), lists[1].millis(0.5), lists[1].millis(0.99),
                lists[1].millis(0.5) / lists[0].millis(0.5));
    }
}
