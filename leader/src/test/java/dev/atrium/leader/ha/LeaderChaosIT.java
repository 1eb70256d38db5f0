package dev.atrium.leader.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kill -9 of the current leader, again and again (each time restarted), while clients create and
 * update projects through kube-apiserver. Afterwards every acknowledged write is there with its
 * last acknowledged value, every project has its namespace and member RoleBindings, and the
 * replicas' reconcile journals show no two leaders at once.
 */
@ExtendWith(ControlPlaneExtension.class)
class LeaderChaosIT {

    private static final Duration RUN = Duration.ofSeconds(60);
    private static final int MAX_KILLS = 5;
    private static final int WRITERS = 3;
    private static final Duration TAKEOVER = Duration.ofSeconds(40);
    /** hack/up restarting the killed replica (and rolling the others onto a rebuilt jar, if any). */
    private static final Duration RESTART = Duration.ofSeconds(180);
    private static final Duration CONVERGE = Duration.ofSeconds(90);

    /** What the clients know of one project: the last acknowledged value and any unacknowledged attempts after it. */
    static final class Expected {
        final String name;
        volatile boolean acknowledged;
        volatile String lastAcked;
        final Set<String> maybe = ConcurrentHashMap.newKeySet();

        Expected(String name) {
            this.name = name;
        }
    }

    private final ControlPlane cluster;
    private final AtriumReplicas replicas;
    private final Map<String, Expected> expected = new ConcurrentHashMap<>();

    LeaderChaosIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.replicas = cluster.replicas();
    }

    @AfterEach
    void restore() {
        replicas.ensureRunning();
        Projects projects = new Projects(client());
        expected.keySet().forEach(projects::delete);
    }

    @Test
    @Timeout(300)
    void killingTheLeaderRepeatedlyLosesNoAcknowledgedWriteAndNeverRunsTwoLeaders() throws Exception {
        long origin = AtriumReplicas.epochNanos(Instant.now());
        replicas.awaitLeader(Duration.ofSeconds(30));
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        List<Thread> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            Projects projects = new Projects(client());
            String prefix = Names.unique("chaos" + w);
            writers.add(Thread.ofPlatform().name("writer-" + w).start(
                    () -> write(projects, prefix, running, requests, failures)));
        }
        List<String> kills = new ArrayList<>();
        long started = System.nanoTime();
        try {
            // At least two kills; more while the run lasts (each cycle is bounded by TAKEOVER and hack/up).
            while (kills.size() < 2 || (kills.size() < MAX_KILLS && System.nanoTime() - started < RUN.toNanos())) {
                String holder = replicas.awaitLeaseHolder(h -> true, TAKEOVER);
                int leader = AtriumReplicas.indexOf(holder);
                Thread.sleep(1000); // let the term reconcile a little
                Instant killedAt = replicas.kill(leader);
                // Restart the killed replica while another one takes over.
                CompletableFuture<Void> restart = CompletableFuture.runAsync(replicas::ensureRunning,
                        Thread.ofVirtual()::start);
                String next = replicas.awaitLeaseHolder(h -> !h.equals(holder), TAKEOVER);
                long takeover = Duration.between(killedAt, Instant.now()).toMillis();
                // The next kill needs all replicas back; a failed restart fails the test here.
                restart.get(RESTART.toSeconds(), TimeUnit.SECONDS);
                kills.add("%s killed, %s leads after %d ms".formatted(holder, next, takeover));
                System.out.println("[ha] chaos: " + kills.getLast());
            }
        } finally {
            running.set(false);
            for (Thread writer : writers) {
                writer.join(Duration.ofSeconds(60));
            }
            replicas.ensureRunning();
        }
        System.out.printf("[ha] chaos: %d kills in %d s, %d requests, %d failed (unacknowledged), %d projects%n",
                kills.size(), (System.nanoTime() - started) / 1_000_000_000L, requests.get(), failures.size(),
                expected.size());
        failures.stream().limit(20).forEach(f -> System.out.println("[ha]   unacknowledged: " + f));
        assertTrue(kills.size() >= 2, "at least two leaders killed: " + kills);

        verifyWrites();
        verifyControllersConverge();
        verifyJournal(origin);
    }

    private void write(Projects projects, String prefix, AtomicBoolean running, AtomicLong requests, List<String> failures) {
        List<Expected> mine = new ArrayList<>();
        int seq = 0;
        while (running.get()) {
            seq++;
            if (mine.size() < 4 || seq % 10 == 0) {
                Expected project = new Expected(prefix + "-" + mine.size());
                String value = "v" + seq;
                expected.put(project.name, project);
                mine.add(project);
                requests.incrementAndGet();
                try {
                    projects.create(Projects.project(project.name, "m" + seq, value));
                    project.lastAcked = value;
                    project.acknowledged = true;
                } catch (Projects.Failed e) {
                    failures.add(e.getMessage());
                    project.maybe.add(value);
                }
            } else {
                Expected project = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                String value = "v" + seq;
                requests.incrementAndGet();
                DynamicKubernetesObject read;
                try {
                    read = projects.find(project.name);
                } catch (Projects.Failed e) {
                    failures.add(e.getMessage());
                    continue;
                }
                if (read == null) {
                    continue; // an unacknowledged create that did not happen
                }
                requests.incrementAndGet();
                try {
                    projects.update(read, "m" + seq, value);
                    project.lastAcked = value;
                    project.acknowledged = true;
                    project.maybe.clear();
                } catch (Projects.Failed e) {
                    failures.add(e.getMessage());
                    if (e.code != 409) { // a conflict is a definite no
                        project.maybe.add(value);
                    }
                }
            }
            pause(20);
        }
    }

    private void verifyWrites() {
        Projects projects = new Projects(client());
        List<String> lost = new ArrayList<>();
        for (Expected project : expected.values()) {
            DynamicKubernetesObject read = projects.find(project.name);
            if (!project.acknowledged) {
                continue;
            }
            if (read == null) {
                lost.add(project.name + " was acknowledged as " + project.lastAcked + " and is gone");
            } else {
                String value = Projects.description(read);
                boolean ok = value.equals(project.lastAcked) || project.maybe.contains(value);
                if (!ok) {
                    lost.add(project.name + ": last acknowledged " + project.lastAcked + " (unacknowledged after it: "
                            + project.maybe + "), read " + value);
                }
                String member = Projects.member(read);
                if (!member.equals("m" + value.substring(1))) {
                    lost.add(project.name + ": description " + value + " but member " + member);
                }
            }
        }
        System.out.printf("[ha] chaos: %d projects checked, %d acknowledged writes lost%n", expected.size(), lost.size());
        assertEquals(List.of(), lost);
    }

    private void verifyControllersConverge() throws InterruptedException {
        Projects projects = new Projects(client());
        CoreV1Api core = new CoreV1Api(client());
        RbacAuthorizationV1Api rbac = new RbacAuthorizationV1Api(client());
        long t = System.nanoTime();
        long deadline = t + CONVERGE.toNanos();
        List<String> pending;
        while (true) {
            pending = new ArrayList<>();
            for (Expected project : expected.values()) {
                DynamicKubernetesObject read = projects.find(project.name);
                if (read == null) {
                    continue;
                }
                String namespace = "p-" + project.name;
                Set<String> want = Set.of("atrium-member-user-" + Projects.member(read) + "-view");
                try {
                    core.readNamespace(namespace).execute();
                    Set<String> have = rbac.listNamespacedRoleBinding(namespace)
                            .labelSelector("atrium.dev/project=" + project.name).execute().getItems().stream()
                            .map(rb -> rb.getMetadata().getName()).collect(Collectors.toCollection(TreeSet::new));
                    if (!have.equals(want)) {
                        pending.add(project.name + ": RoleBindings " + have + ", want " + want);
                    }
                } catch (ApiException e) {
                    pending.add(project.name + ": namespace " + namespace + ": HTTP " + e.getCode());
                }
            }
            if (pending.isEmpty() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(1000);
        }
        System.out.printf("[ha] chaos: controllers converged on %d projects in %d ms after the run (%d pending)%n",
                expected.size(), (System.nanoTime() - t) / 1_000_000, pending.size());
        assertEquals(List.of(), pending, "namespaces and member RoleBindings within " + CONVERGE.toSeconds() + "s");
    }

    private void verifyJournal(long origin) {
        LeadershipJournal journal = LeadershipJournal.read(replicas.journalDir(), origin, replicas.leaseHolder());
        journal.terms.forEach(term -> System.out.println("[ha] chaos term: " + term.describe(origin)));
        for (int i = 1; i < journal.terms.size(); i++) {
            LeadershipJournal.Term before = journal.terms.get(i - 1);
            LeadershipJournal.Term after = journal.terms.get(i);
            System.out.printf("[ha] chaos: %s -> %s: gap %d ms%n", before.identity(), after.identity(),
                    (after.start() - before.end()) / 1_000_000);
        }
        assertTrue(journal.terms.size() >= 2, "the journal records the terms: " + journal.terms);
        assertEquals(List.of(), journal.overlaps(origin), "controller terms of different replicas overlap");
    }

    private ApiClient client() {
        ApiClient client = cluster.adminClient();
        client.setReadTimeout(30_000);
        return client;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
