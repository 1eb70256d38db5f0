package dev.atrium.bench;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.testing.AtriumReplicas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;

/**
 * Takeover after the leader goes away: signals the holder of the Lease
 * {@code atrium-system/atrium-controllers} (SIGTERM: graceful, it releases the Lease; SIGKILL:
 * the others wait for it to expire), watches the Lease until another replica holds it, and starts
 * the signalled replica again ({@code hack/bench --restart-replica}: hack/up's start_replica).
 */
final class LeaseTakeover {

    private static final String LEASE = "/apis/coordination.k8s.io/v1/namespaces/" + AtriumReplicas.LEASE_NAMESPACE
            + "/leases";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final AdminHttp http;
    private final AtriumReplicas replicas;
    private final Path root;
    private final Path state;

    LeaseTakeover(AdminHttp http, AtriumReplicas replicas, Path root, Path state) {
        this.http = http;
        this.replicas = replicas;
        this.root = root;
        this.state = state;
    }

    /** Seconds from the signal until another replica held the Lease, one per run. */
    List<Double> measure(boolean kill, int runs) throws Exception {
        List<Double> seconds = new ArrayList<>();
        for (int run = 0; run < runs; run++) {
            int leader = replicas.awaitLeader(TIMEOUT);
            String lease = http.require("GET", LEASE + "/" + AtriumReplicas.LEASE_NAME, null).body();
            JsonObject object = JsonParser.parseString(lease).getAsJsonObject();
            String holder = object.getAsJsonObject("spec").get("holderIdentity").getAsString();
            String version = object.getAsJsonObject("metadata").get("resourceVersion").getAsString();
            CompletableFuture<Long> taken = new CompletableFuture<>();
            HolderWatch watch = new HolderWatch(holder, taken);
            http.stream(LEASE + "?watch=true&timeoutSeconds=120&fieldSelector=metadata.name%3D" + AtriumReplicas.LEASE_NAME
                    + "&resourceVersion=" + version, watch);
            try {
                long signalled = System.nanoTime();
                if (kill) {
                    replicas.kill(leader);
                } else {
                    replicas.stop(leader);
                }
                long at = taken.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                seconds.add((at - signalled) / 1e9);
                System.err.printf("  %s of atrium-%d (%s): %s took over after %.2f s%n", kill ? "SIGKILL" : "SIGTERM", leader,
                        holder, watch.newHolder, (at - signalled) / 1e9);
            } finally {
                watch.cancel();
                restart(leader);
            }
        }
        return seconds;
    }

    private void restart(int index) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(root.resolve("hack/bench").toString(), "--restart-replica",
                Integer.toString(index)).redirectErrorStream(true);
        builder.environment().put("ATRIUM_LOCAL", state.toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException("restarting atrium-" + index + " failed:\n" + output);
        }
    }

    /** Completes with the time the Lease first named a holder other than {@code previous}. */
    private static final class HolderWatch implements Flow.Subscriber<String> {
        private final String previous;
        private final CompletableFuture<Long> taken;
        private volatile Flow.Subscription subscription;
        private volatile String newHolder;

        HolderWatch(String previous, CompletableFuture<Long> taken) {
            this.previous = previous;
            this.taken = taken;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            long now = System.nanoTime();
            JsonObject spec = JsonParser.parseString(line).getAsJsonObject().getAsJsonObject("object").getAsJsonObject("spec");
            JsonElement holder = spec == null ? null : spec.get("holderIdentity");
            if (holder != null && !holder.isJsonNull() && !holder.getAsString().isEmpty()
                    && !holder.getAsString().equals(previous) && !taken.isDone()) {
                newHolder = holder.getAsString();
                taken.complete(now);
            }
        }

        @Override
        public void onError(Throwable error) {
            taken.completeExceptionally(error);
        }

        @Override
        public void onComplete() {
            taken.completeExceptionally(new IllegalStateException("the Lease watch ended"));
        }

        void cancel() {
            Flow.Subscription s = subscription;
            if (s != null) {
                s.cancel();
            }
        }
    }
}
