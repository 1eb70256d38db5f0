package dev.atrium.leader.ha;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.testing.AtriumReplicas;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Replicas keep no state of their own: a write through one replica is read at once through every
 * other one (each addressed directly with the admin client certificate).
 */
@ExtendWith(ControlPlaneExtension.class)
class ReadYourWritesIT {

    private static final int TRIES = 50;

    private final ControlPlane cluster;
    private final AtriumReplicas replicas;

    ReadYourWritesIT(ControlPlane cluster) {
        this.cluster = cluster;
        this.replicas = cluster.replicas();
    }

    @Test
    @Timeout(120)
    void aWriteThroughOneReplicaIsReadThroughEveryOther() {
        int n = replicas.count();
        List<Projects> direct = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            direct.add(new Projects(replicas.client(i)));
        }
        String prefix = Names.unique("ryw");
        List<String> stale = new ArrayList<>();
        List<String> created = new ArrayList<>();
        int reads = 0;
        try {
            for (int t = 0; t < TRIES; t++) {
                int writer = t % n;
                String name = prefix + "-" + t;
                Projects through = direct.get(writer);
                through.create(Projects.project(name, "alice", "created through atrium-" + (writer + 1)));
                created.add(name);
                reads += readEverywhereElse(direct, writer, name, "created through atrium-" + (writer + 1), stale);
                // An update too: its new spec must be what the others return. The project
                // controller writes the object as well (finalizer, status), so a 409 is possible:
                // read again through the same replica and retry.
                String description = "updated through atrium-" + (writer + 1) + " in try " + t;
                for (int attempt = 1; ; attempt++) {
                    try {
                        through.update(through.get(name), "bob", description);
                        break;
                    } catch (Projects.Failed e) {
                        if (e.code != 409 || attempt == 5) {
                            throw e;
                        }
                    }
                }
                reads += readEverywhereElse(direct, writer, name, description, stale);
            }
        } finally {
            Projects projects = direct.get(0);
            created.forEach(projects::delete);
        }
        System.out.printf("[ha] read-your-writes: %d writes, %d immediate reads through other replicas, %d stale%n",
                2 * TRIES, reads, stale.size());
        assertEquals(List.of(), stale);
    }

    /** Reads {@code name} through every replica but the writer at once; records reads without {@code description}. */
    private static int readEverywhereElse(List<Projects> direct, int writer, String name, String description,
            List<String> stale) {
        int reads = 0;
        for (int r = 0; r < direct.size(); r++) {
            if (r == writer) {
                continue;
            }
            reads++;
            DynamicKubernetesObject read = direct.get(r).find(name);
            if (read == null || !description.equals(Projects.description(read))) {
                stale.add("atrium-" + (r + 1) + " read " + name + " as "
                        + (read == null ? "not found" : Projects.description(read)) + ", written: " + description);
            }
        }
        return reads;
    }
}
