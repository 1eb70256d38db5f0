package dev.atrium.controllers.framework;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.controllers.testing.Platform;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
  * The framework's lifecycle against a real kube-apiserver: stop waits for a reconcile in flight,
  * a stopped manager cannot restart, and a fresh one (the next leadership term) works.
  */
@ExtendWith(ControlPlaneExtension.class)
class ControllerManagerIT {

    @Test
    void stopWaitsForTheReconcileInFlightAndAFreshManagerTakesOver(ControlPlane cluster) throws Exception {
        Platform platform = new Platform(cluster);
        String team = Names.unique("team");
        platform.create("teams", null, """
                {"kind": "Team", "metadata": {"name": "%s"}}""".formatted(team));

        CountDownLatch entered = new CountDownLatch(1);
        AtomicBoolean finished = new AtomicBoolean();
        ControllerManager first = new ControllerManager(platform.controllerClient());
        first.controller("slow").reconciler(request -> {
            if (request.name().equals(team)) {
                entered.countDown();
                Thread.sleep(1500);
                finished.set(true);
            }
            return Result.done();
        }).watchPrimary(first.informers().storage(PlatformResources.TEAMS)).build();
        first.start(Duration.ofSeconds(30));
        assertTrue(entered.await(20, TimeUnit.SECONDS), "the team was reconciled");

        assertTrue(first.stop(Duration.ofSeconds(10)), "stop reports every reconcile finished");
        assertTrue(finished.get(), "stop returned only after the reconcile in flight finished");
        assertFalse(first.isRunning());
        assertThrows(IllegalStateException.class, () -> first.start(Duration.ofSeconds(1)));
        ControllerMetrics metrics = first.metrics().getFirst();
        assertEquals("slow", metrics.controller());
        assertTrue(metrics.reconciles() >= 1, metrics.toString());
        assertEquals(0, metrics.errors(), metrics.toString());
        assertTrue(metrics.lastDuration().compareTo(Duration.ZERO) > 0, metrics.toString());

        // The next term: a new manager, its own informers and queue, sees the same object again.
        CountDownLatch again = new CountDownLatch(1);
        ControllerManager second = new ControllerManager(platform.controllerClient());
        second.controller("next").reconciler(request -> {
            if (request.name().equals(team)) {
                again.countDown();
            }
            return Result.done();
        }).watchPrimary(second.informers().storage(PlatformResources.TEAMS)).build();
        second.start(Duration.ofSeconds(30));
        try {
            assertTrue(again.await(20, TimeUnit.SECONDS), "the fresh manager reconciles");
        } finally {
            assertTrue(second.stop(Duration.ofSeconds(10)));
        }
    }

    @Test
    void aFailingReconcileIsCountedAndRetriedWithBackoff(ControlPlane cluster) throws Exception {
        Platform platform = new Platform(cluster);
        String team = Names.unique("team");
        CountDownLatch attempts = new CountDownLatch(3);
        ControllerManager manager = new ControllerManager(platform.controllerClient());
        manager.controller("failing").reconciler(request -> {
            if (request.name().equals(team)) {
                attempts.countDown();
                throw new IllegalStateException("boom");
            }
            return Result.done();
        }).watchPrimary(manager.informers().storage(PlatformResources.TEAMS)).build();
        manager.start(Duration.ofSeconds(30));
        try {
            platform.create("teams", null, """
                    {"kind": "Team", "metadata": {"name": "%s"}}""".formatted(team));
            assertTrue(attempts.await(20, TimeUnit.SECONDS), "retried after errors");
            // The third attempt is counted once it has thrown, just after the latch opened.
            dev.atrium.testing.Eventually.eventually(Duration.ofSeconds(5), "three errors counted: " + manager.metrics(),
                    () -> manager.metrics().getFirst().errors() >= 3);
        } finally {
            assertTrue(manager.stop(Duration.ofSeconds(10)));
        }
    }

}
