package dev.atrium.controllers.virtualcluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1StatefulSet;
import io.kubernetes.client.openapi.models.V1StatefulSetSpec;
import io.kubernetes.client.openapi.models.V1StatefulSetStatus;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the reconciler reads a StatefulSet's readiness for the phase. */
class StatefulSetReadinessTest {

    @Test
    void readyCountsOnlyPodsOfTheCurrentTemplateOnceTheControllerHasSeenIt() {
        V1StatefulSet desired = set("h1", 2, 0, null, null, null);
        assertEquals(2, VirtualClusterInstanceReconciler.readyReplicas(set("h1", 2, 3, 3L, 2, 2), desired));
        assertEquals(1, VirtualClusterInstanceReconciler.readyReplicas(set("h1", 2, 3, 3L, 2, 1), desired));
        // Ready pods of the old template while rolling.
        assertEquals(1, VirtualClusterInstanceReconciler.readyReplicas(set("h1", 2, 3, 3L, 1, 2), desired));
        // Not yet observed by the StatefulSet controller, or not yet updated by us.
        assertEquals(-1, VirtualClusterInstanceReconciler.readyReplicas(set("h1", 2, 3, 2L, 2, 2), desired));
        assertEquals(-1, VirtualClusterInstanceReconciler.readyReplicas(set("h1", 2, 3, null, null, null), desired));
        assertEquals(-1, VirtualClusterInstanceReconciler.readyReplicas(set("h0", 2, 3, 3L, 2, 2), desired));
        assertEquals(-1, VirtualClusterInstanceReconciler.readyReplicas(set("h1", 1, 3, 3L, 2, 2), desired));
    }

    private static V1StatefulSet set(String hash, int replicas, long generation, Long observedGeneration,
                                     Integer updated, Integer ready) {
        V1StatefulSet set = new V1StatefulSet()
                .metadata(new V1ObjectMeta().generation(generation)
                        .annotations(Map.of(VirtualClusterWorkload.TEMPLATE_HASH, hash)))
                .spec(new V1StatefulSetSpec().replicas(replicas));
        if (observedGeneration != null) {
            set.status(new V1StatefulSetStatus().replicas(replicas).observedGeneration(observedGeneration)
                    .updatedReplicas(updated).readyReplicas(ready));
        }
        return set;
    }
}
