package dev.atrium.leader.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A rolling restart of all replicas (SIGTERM one, start it again with hack/up and wait until it
 * is ready, then the next) under continuous list, create and get of projects through
 * kube-apiserver: no request fails. kube-apiserver keeps one HTTP/2 connection through HAProxy
 * (TCP) to one replica; a stopping replica must move it elsewhere without losing a request.
 */
@ExtendWith(ControlPlaneExtension.class)
class RollingRestartIT {

    private static final int CLIENTS = 4;
    private static final long MAX_REQUESTS = 20_000;
    private static final Duration PAUSE = Duration.ofMillis(250);

    private final ControlPlane cluster;
    private final AtriumReplicas replicas;
    private final List<String> created = Collections.synchronizedList(new ArrayList<>());

    RollingRestartIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.replicas = cluster.replicas();
    }

    @AfterEach
    void restore() {
        replicas.ensureRunning();
        Projects projects = new Projects(client());
        created.forEach(projects::delete);
    }

    @Test
    @Timeout(480) // three restarts through hack/up on a loaded 2-CPU machine
    void noRequestFailsDuringARollingRestart() throws InterruptedException {
        // hack/up rolls every replica onto a rebuilt jar: do that before measuring, so the
        // restarts below are exactly one replica at a time.
        replicas.ensureRunning();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Projects projects = new Projects(client());
            String prefix = Names.unique("roll" + c);
            clients.add(Thread.ofPlatform().name("load-" + c).start(
                    () -> load(projects, prefix, running, requests, failures)));
        }
        long started = System.nanoTime();
        try {
            Thread.sleep(2000);
            for (int i = 1; i <= replicas.count(); i++) {
                Instant signalled = Instant.now();
                System.out.printf("[ha] %s SIGTERM to atrium-%d%n", LocalTime.now(), i);
                Instant gone = replicas.stop(i);
                System.out.printf("[ha] %s atrium-%d gone after %d ms%n", LocalTime.now(), i,
                        Duration.between(signalled, gone).toMillis());
                replicas.ensureRunning(); // hack/up returns once the replica answers /readyz
                awaitReady(i);
                System.out.printf("[ha] %s atrium-%d restarted and ready after %d ms%n", LocalTime.now(), i,
                        Duration.between(signalled, Instant.now()).toMillis());
                Thread.sleep(2000);
            }
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60));
            }
            report(started, requests.get(), failures);
        }
        assertEquals(List.of(), failures);
        assertTrue(requests.get() >= 100 * CLIENTS, "the load ran throughout: " + requests.get() + " requests");
    }

    private void load(Projects projects, String prefix, AtomicBoolean running, AtomicLong requests,
            List<String> failures) {
        int n = 0;
        while (running.get() && requests.get() < MAX_REQUESTS) {
            String name = prefix + "-" + n++;
            requests.incrementAndGet();
            try {
                projects.list();
            } catch (Projects.Failed e) {
                failures.add(LocalTime.now() + " " + e.getMessage());
            }
            requests.incrementAndGet();
            try {
                projects.create(Projects.project(name, "alice", "rolling"));
                created.add(name);
            } catch (Projects.Failed e) {
                failures.add(LocalTime.now() + " " + e.getMessage());
                continue;
            }
            requests.incrementAndGet();
            try {
                projects.get(name);
            } catch (Projects.Failed e) {
                failures.add(LocalTime.now() + " " + e.getMessage());
            }
            pause();
        }
    }

    private void report(long started, long requests, List<String> failures) {
        System.out.printf("[ha] rolling restart of %d replicas in %d ms under %d client threads: %d requests, %d failed%n",
                replicas.count(), (System.nanoTime() - started) / 1_000_000, CLIENTS, requests, failures.size());
        List.copyOf(failures).forEach(f -> System.out.println("[ha]   failed: " + f));
    }

    /** A second look at /readyz, from this JVM; bounded, since a loaded machine can be slow to answer. */
    private void awaitReady(int index) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!replicas.ready(index)) {
            assertTrue(System.nanoTime() < deadline, "atrium-" + index + " not ready 30 s after hack/up returned");
            Thread.sleep(500);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(PAUSE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ApiClient client() {
        ApiClient client = cluster.adminClient();
        client.setReadTimeout(30_000);
        return client;
    }
}
