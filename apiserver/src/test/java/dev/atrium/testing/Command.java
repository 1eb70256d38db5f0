package dev.atrium.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A command-line tool (kubectl, helm) run the way a user runs it, against one kubeconfig. */
public final class Command {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path binary;
    private final Path kubeconfig;
    private final List<String> args;
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

    /** Runs the command and returns what it printed; does not fail on a non-zero exit. */
    public Result run() {
        List<String> command = new ArrayList<>();
        command.add(binary.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("HELM_CACHE_HOME", kubeconfig.getParent().resolve(".helm/cache").toString());
        builder.environment().put("HELM_CONFIG_HOME", kubeconfig.getParent().resolve(".helm/config").toString());
        builder.environment().put("HELM_DATA_HOME", kubeconfig.getParent().resolve(".helm/data").toString());
        try {
            Process process = builder.start();
            CompletableFuture<String> out = readAsync(process.getInputStream());
            CompletableFuture<String> err = readAsync(process.getErrorStream());
            try (var in = process.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin.getBytes(StandardCharsets.UTF_8));
                }
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError("timed out after " + TIMEOUT_SECONDS + "s: " + command);
            }
            return new Result(command, process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    /** Runs the command and fails the test unless it exits 0. */
    public String ok() {
        Result result = run();
        if (result.exitCode() != 0) {
            throw new AssertionError(result.describe());
        }
        return result.stdout();
    }

    private static CompletableFuture<String> readAsync(java.io.InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
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
