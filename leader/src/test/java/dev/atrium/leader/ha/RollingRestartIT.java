package dev.atrium.leader.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiClient;
import java.time.Duration;
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
 * A rolling restart of all replicas (SIGTERM one, bring it back ready with hack/up, then the next)
 * under continuous list, create and get of projects through kube-apiserver: no request fails.
 */
@ExtendWith(ControlPlaneExtension.class)
class RollingRestartIT {

    private static final int CLIENTS = 4;

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
    @Timeout(300) // three restarts of ~40 s each on a loaded 2-CPU machine, plus hack/up
    void noRequestFailsDuringARollingRestart() throws InterruptedException {
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Projects projects = new Projects(client());
            String prefix = Names.unique("roll" + c);
            clients.add(Thread.ofPlatform().name("load-" + c).start(() -> {
                int n = 0;
                while (running.get()) {
                    String name = prefix + "-" + n++;
                    requests.addAndGet(3);
                    try {
                        projects.list();
                    } catch (Projects.Failed e) {
                        failures.add(LocalTime.now() + " " + e.getMessage());
                    }
                    try {
                        projects.create(Projects.project(name, "alice", "rolling"));
                        created.add(name);
                        projects.get(name);
                    } catch (Projects.Failed e) {
                        failures.add(LocalTime.now() + " " + e.getMessage());
                    }
                    pause();
                }
            }));
        }
        long started = System.nanoTime();
        try {
            Thread.sleep(1000);
            for (int i = 1; i <= replicas.count(); i++) {
                long t = System.nanoTime();
                replicas.stop(i);
                replicas.ensureRunning();
                assertTrue(replicas.ready(i), "atrium-" + i + " ready again");
                System.out.printf("[ha] %s atrium-%d restarted and ready in %d ms%n", LocalTime.now(), i,
                        (System.nanoTime() - t) / 1_000_000);
            }
            Thread.sleep(1000);
        } finally {
            running.set(false);
            for (Thread client : clients) {
                client.join(Duration.ofSeconds(60));
            }
            report(started, requests.get(), failures);
        }
        assertEquals(List.of(), failures);
    }

    private void report(long started, long requests, List<String> failures) {
        System.out.printf("[ha] rolling restart of %d replicas in %d ms under %d client threads: %d requests, %d failed%n",
                replicas.count(), (System.nanoTime() - started) / 1_000_000, CLIENTS, requests, failures.size());
        List.copyOf(failures).forEach(f -> System.out.println("[ha]   failed: " + f));
    }

    private static void pause() {
        try {
            Thread.sleep(250);
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
