package dev.atrium.apiserver.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * kube-controller-manager's namespace controller discovers the namespaced management resources
 * and deletes them through Atrium, so deleting a namespace that holds instances completes.
 */
@ExtendWith(ControlPlaneExtension.class)
class NamespaceDeletionIT {

    private final ControlPlane cluster;

    NamespaceDeletionIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Test
    void deletingANamespaceWithInstancesCompletes() {
        String namespace = Names.unique("p-nsdel");
        String run = Names.unique("nsdel");
        cluster.kubectl("create", "namespace", namespace).ok();
        cluster.kubectl("create", "-f", "-").stdin(Manifests.spaceInstance(namespace, "space", run, "Space") + "---\n"
                + Manifests.virtualClusterInstance(namespace, "vc", run)).ok();

        assertEquals("namespace \"" + namespace + "\" deleted\n",
                cluster.kubectl("delete", "namespace", namespace, "--timeout=60s").ok());

        assertEquals("Error from server (NotFound): namespaces \"" + namespace + "\" not found\n",
                cluster.kubectl("get", "namespace", namespace).run().stderr());
        assertEquals("No resources found\n", cluster.kubectl("get",
                "spaceinstances.storage.atrium.dev,virtualclusterinstances.storage.atrium.dev", "-A", "-l", "run=" + run)
                .run().stderr());
    }
}
