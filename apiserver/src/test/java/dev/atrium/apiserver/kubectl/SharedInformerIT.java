package dev.atrium.apiserver.kubectl;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.informer.ResourceEventHandler;
import io.kubernetes.client.informer.SharedIndexInformer;
import io.kubernetes.client.informer.SharedInformerFactory;
import io.kubernetes.client.informer.cache.Lister;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** client-java's informers list and watch projects through kube-apiserver, as a controller does. */
@ExtendWith(ControlPlaneExtension.class)
class SharedInformerIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ControlPlane cluster;

    SharedInformerIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @Test
    void anInformerSyncsProjectsAndSeesALaterChange() {
        String run = Names.unique("informer");
        String name = Names.unique("informed");
        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(name, run, "Synced")).ok();

        ApiClient client = cluster.adminClient();
        SharedInformerFactory factory = new SharedInformerFactory(client);
        SharedIndexInformer<DynamicKubernetesObject> informer = factory.sharedIndexInformerFor(
                new DynamicKubernetesApi("management.atrium.dev", "v1", "projects", client),
                DynamicKubernetesObject.class, 0);
        List<String> updates = new CopyOnWriteArrayList<>();
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(DynamicKubernetesObject object) {
            }

            @Override
            public void onUpdate(DynamicKubernetesObject before, DynamicKubernetesObject after) {
                if (name.equals(after.getMetadata().getName())) {
                    updates.add(displayName(after));
                }
            }

            @Override
            public void onDelete(DynamicKubernetesObject object, boolean finalStateUnknown) {
            }
        });
        factory.startAllRegisteredInformers();
        try {
            eventually(TIMEOUT, "the informer has synced", informer::hasSynced);
            Lister<DynamicKubernetesObject> lister = new Lister<>(informer.getIndexer());
            DynamicKubernetesObject synced = lister.get(name);
            assertNotNull(synced, "the project is in the informer's cache");
            assertEquals("management.atrium.dev/v1", synced.getApiVersion());
            assertEquals("Project", synced.getKind());
            assertEquals("Synced", displayName(synced));

            cluster.kubectl("patch", "project", name, "--type", "merge", "-p", "{\"spec\":{\"displayName\":\"Updated\"}}").ok();

            eventually(TIMEOUT, "the informer sees the change", () -> updates.contains("Updated"));
            assertEquals("Updated", displayName(lister.get(name)));
        } finally {
            factory.stopAllRegisteredInformers();
            cluster.kubectl("delete", "project", name, "--wait=false").ok();
        }
    }

    private static String displayName(DynamicKubernetesObject object) {
        return object.getRaw().getAsJsonObject("spec").get("displayName").getAsString();
    }
}
