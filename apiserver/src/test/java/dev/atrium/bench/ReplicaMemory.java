package dev.atrium.bench;

import dev.atrium.testing.AtriumReplicas;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Resident memory of the running replicas ({@code VmRSS} of {@code /proc/<pid>/status}), sampled
 * in the background; the highest value per replica is kept while a load is marked on.
 */
final class ReplicaMemory implements AutoCloseable {

    private static final long INTERVAL_MILLIS = 200;

    private final AtriumReplicas replicas;
    private final Map<String, Long> peakKib = new ConcurrentHashMap<>();
    private final Thread sampler;
    private volatile boolean loaded;
    private volatile boolean closed;

    ReplicaMemory(AtriumReplicas replicas) {
        this.replicas = replicas;
        this.sampler = Thread.ofPlatform().daemon().name("rss-sampler").start(this::sample);
    }

    /** The replicas' resident memory now, in KiB, by name. */
    Map<String, Long> now() {
        Map<String, Long> rss = new TreeMap<>();
        for (AtriumReplicas.Replica replica : replicas.list()) {
            OptionalLong kib = residentKib(replica.pid());
            if (kib.isPresent()) {
                rss.put(replica.name(), kib.getAsLong());
            }
        }
        return rss;
    }

    /** While on, samples count towards {@link #peakUnderLoad}. */
    void loaded(boolean on) {
        loaded = on;
    }

    Map<String, Long> peakUnderLoad() {
        return new TreeMap<>(peakKib);
    }

    static OptionalLong residentKib(OptionalLong pid) {
        if (pid.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid.getAsLong() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return OptionalLong.of(Long.parseLong(line.replaceAll("[^0-9]", "")));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone between the pid file and /proc
        }
        return OptionalLong.empty();
    }

    private void sample() {
        while (!closed) {
            if (loaded) {
                now().forEach((name, kib) -> peakKib.merge(name, kib, Math::max));
            }
            try {
                Thread.sleep(INTERVAL_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        sampler.interrupt();
    }
}
