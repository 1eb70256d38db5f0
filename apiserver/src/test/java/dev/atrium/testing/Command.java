package dev.atrium.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** A command-line tool (kubectl, helm) run the way a user runs it, against one kubeconfig. */
public final class Command {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path kubeconfig;
    private final List<String> args;
    private final Map<String, String> environment = new HashMap<>();
    private String stdin;

    Command(Path binary, Path kubeconfig, List<String> args) {
        this.binary = binary;
        this.kubeconfig = kubeconfig;
        this.args = args;
    }

    public Command stdin(String input) {
        this.stdin = input;
        return this;
    }

    /** An environment variable for the command, e.g. {@code KUBE_EDITOR}. */
    public Command env(String name, String value) {
        environment.put(name, value);
        return this;
    }

    /** Runs the command and returns what it printed; does not fail on a non-zero exit. */
    public Result run() {
        Running running = start();
        try {
            if (!running.process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                running.process.destroyForcibly();
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + "s: " + running.command);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + running.command, e);
        }
        return running.result();
    }

    /** Runs the command and fails the test unless it exits 0. */
    public String ok() {
        Result result = run();
        if (result.exitCode() != 0) {
            throw new AssertionError(result.describe());
        }
        return result.stdout();
    }

    /** Starts the command in the background (e.g. {@code kubectl get -w}); stop it with {@link Running#stop()}. */
    public Running start() {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("HELM_CACHE_HOME", kubeconfig.getParent().resolve(".helm/cache").toString());
        builder.environment().put("HELM_CONFIG_HOME", kubeconfig.getParent().resolve(".helm/config").toString());
        builder.environment().put("HELM_DATA_HOME", kubeconfig.getParent().resolve(".helm/data").toString());
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            Running running = new Running(command, process);
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            return running;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command running in the background; its output is collected as it comes. */
    public static final class Running implements AutoCloseable {
        private final List<String> command;
        private final Process process;
        private final Output stdout;
        private final Output stderr;

        private Running(List<String> command, Process process) {
            this.command = command;
            this.process = process;
            this.stdout = new Output(process.getInputStream());
            this.stderr = new Output(process.getErrorStream());
        }

        /** Waits until the command has printed {@code text} on stdout; fails with everything printed so far. */
        public void awaitStdout(String text, Duration timeout) {
            Eventually.eventually(timeout, "output " + text + " of " + command,
                    () -> stdout.text().contains(text) || !process.isAlive() && stdout.finished());
            if (!stdout.text().contains(text)) {
                throw new AssertionError("no output " + text + ": " + result().describe());
            }
        }

        /** What the command printed on stdout until now. */
        public String stdoutSoFar() {
            return stdout.text();
        }

        public boolean running() {
            return process.isAlive();
        }

        /** Waits for the command to end by itself; fails, ending it, when it does not within {@code timeout}. */
        public Result await(Duration timeout) {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    throw new AssertionError("still running after " + timeout.toSeconds() + "s: " + stop().describe());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted: " + command, e);
            }
            return result();
        }

        /** Ends the command (if still running) and returns everything it printed. */
        public Result stop() {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted: " + command, e);
            }
            return result();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                stop();
            }
        }

        private Result result() {
            return new Result(command, process.exitValue(), stdout.await(), stderr.await());
        }
    }

    /** One output stream of a process, read on its own thread until the process closes it. */
    private static final class Output {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final Thread reader;

        Output(InputStream stream) {
            this.reader = Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[8192];
                try (stream) {
                    for (int n; (n = stream.read(buffer)) > 0; ) {
                        synchronized (bytes) {
                            bytes.write(buffer, 0, n);
                        }
                    }
                } catch (IOException e) {
                    // the process went away; what it printed so far is kept
                }
            });
        }

        String text() {
            synchronized (bytes) {
                return bytes.toString(StandardCharsets.UTF_8);
            }
        }

        boolean finished() {
            return !reader.isAlive();
        }

        String await() {
            try {
                reader.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return text();
        }
    }

    public record Result(List<String> command, int exitCode, String stdout, String stderr) {
        public String describe() {
            return String.join(" ", command) + " exited " + exitCode + "\nstdout:\n" + stdout + "\nstderr:\n" + stderr;
        }
    }

    static Path requireExecutable(Path path) {
        if (!Files.isExecutable(path)) {
            throw new IllegalStateException(path + " is missing; hack/up builds it");
        }
        return path;
    }
}
