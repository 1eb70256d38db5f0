package dev.atrium.bench;

import dev.atrium.testing.AtriumReplicas;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * JDK Flight Recorder on the running replicas, through {@code jcmd} of the JDK the benchmark runs
 * on (the replicas' own): {@code JFR.start} with the {@code profile} settings (a Java stack sample
 * every 10 ms per running thread), {@code JFR.stop} into a file per replica.
 */
final class Profiler {

    private static final String RECORDING = "atrium-bench";

    private final Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
    private final AtriumReplicas replicas;
    private final Path dir;

    Profiler(AtriumReplicas replicas, Path dir) {
        this.replicas = replicas;
        this.dir = dir;
    }

    void start() throws IOException, InterruptedException {
        for (AtriumReplicas.Replica replica : replicas.list()) {
            if (replica.running()) {
                jcmd(replica, "JFR.start", "name=" + RECORDING, "settings=profile");
            }
        }
    }

    /** Stops the recordings; returns their files, one per replica. */
    List<Path> stop(String label) throws IOException, InterruptedException {
        List<Path> files = new ArrayList<>();
        for (AtriumReplicas.Replica replica : replicas.list()) {
            if (replica.running()) {
                Path file = dir.resolve(label + "-" + replica.name() + ".jfr");
                jcmd(replica, "JFR.stop", "name=" + RECORDING, "filename=" + file);
                files.add(file);
            }
        }
        return files;
    }

    private void jcmd(AtriumReplicas.Replica replica, String... command) throws IOException, InterruptedException {
        List<String> line = new ArrayList<>(List.of(jcmd.toString(), Long.toString(replica.pid().getAsLong())));
        line.addAll(List.of(command));
        Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IllegalStateException(String.join(" ", line) + " failed: " + output);
        }
    }
}
