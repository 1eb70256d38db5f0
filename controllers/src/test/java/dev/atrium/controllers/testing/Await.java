package dev.atrium.controllers.testing;

import io.kubernetes.client.openapi.ApiException;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/** Polls until a value the controllers produce asynchronously satisfies a condition; fails with the last value seen. */
public final class Await {
    public static final Duration CONTROLLER = Duration.ofSeconds(20);
    /** Namespace deletion waits for kube-controller-manager to empty the namespace. */
    public static final Duration NAMESPACE_DELETION = Duration.ofSeconds(60);

    private Await() {
    }

    public interface Read<T> {
        Optional<T> read() throws ApiException;
    }

    public static <T> T until(Duration timeout, String what, Read<T> read, Predicate<Optional<T>> condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Optional<T> last = Optional.empty();
        while (true) {
            try {
                last = read.read();
            } catch (ApiException e) {
                if (e.getCode() != 404) {
                    throw new AssertionError(what + ": HTTP " + e.getCode() + " " + e.getResponseBody(), e);
                }
                last = Optional.empty();
            }
            if (condition.test(last)) {
                return last.orElse(null);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + "s: " + what + "; last seen: "
                        + last.map(String::valueOf).orElse("(absent)"));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    /** Waits until {@code read} finds the object and it satisfies {@code condition}. */
    public static <T> T present(String what, Read<T> read, Predicate<T> condition) {
        return until(CONTROLLER, what, read, found -> found.isPresent() && condition.test(found.get()));
    }

    public static <T> void absent(Duration timeout, String what, Read<T> read) {
        until(timeout, what, read, Optional::isEmpty);
    }

    /** Reads a typed object, mapping 404 to empty. */
    public static <T> Optional<T> optional(Call<T> call) throws ApiException {
        try {
            return Optional.ofNullable(call.call());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    public interface Call<T> {
        T call() throws ApiException;
    }
}
