package dev.atrium.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition that the control plane makes true asynchronously (controllers, RBAC caches). */
public final class Eventually {
    private Eventually() {}

    public static void eventually(Duration timeout, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + timeout.toSeconds() + "s: " + what);
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for: " + what, e);
            }
        }
    }
}
