package dev.atrium.controllers.framework;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;

/** Counters of one controller, as plain numbers (a /metrics endpoint renders them). */
public final class ControllerMetrics {
    private final String controller;
    private final IntSupplier queueDepth;
    private final AtomicLong reconciles = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong conflicts = new AtomicLong();
    private final AtomicLong lastDurationNanos = new AtomicLong();

    ControllerMetrics(String controller, IntSupplier queueDepth) {
        this.controller = controller;
        this.queueDepth = queueDepth;
    }

    public String controller() {
        return controller;
    }

    /** Reconciles finished, successful or not. */
    public long reconciles() {
        return reconciles.get();
    }

    /** Reconciles that threw or whose writes failed (conflicts excluded). */
    public long errors() {
        return errors.get();
    }

    /** Reconciles whose conditional write lost against a newer version and were retried. */
    public long conflicts() {
        return conflicts.get();
    }

    /** How long the last reconcile took, writes included. */
    public Duration lastDuration() {
        return Duration.ofNanos(lastDurationNanos.get());
    }

    /** Requests waiting in the work queue now. */
    public int queueDepth() {
        return queueDepth.getAsInt();
    }

    void finished(long nanos, boolean error, boolean conflict) {
        lastDurationNanos.set(nanos);
        reconciles.incrementAndGet();
        if (error) {
            errors.incrementAndGet();
        }
        if (conflict) {
            conflicts.incrementAndGet();
        }
    }

    @Override
    public String toString() {
        return controller + "{reconciles=" + reconciles() + ", errors=" + errors() + ", conflicts=" + conflicts()
                + ", lastDuration=" + lastDuration() + ", queueDepth=" + queueDepth() + "}";
    }
}
