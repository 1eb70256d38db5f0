package dev.atrium.controllers.space;

import static dev.atrium.controllers.testing.Await.optional;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.controllers.Controllers;
import dev.atrium.controllers.testing.Await;
import dev.atrium.controllers.testing.Platform;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.custom.Quantity;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.apis.RbacAuthorizationV1Api;
import io.kubernetes.client.openapi.models.V1Namespace;
import io.kubernetes.client.openapi.models.V1ResourceQuota;
import io.kubernetes.client.openapi.models.V1RoleBinding;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The space-instance controller (and the project's usage count) against a real control plane. */
@ExtendWith(ControlPlaneExtension.class)
class SpaceInstanceIT {
    private static Controllers controllers;
    private static Platform platform;
    private static CoreV1Api core;
    private static RbacAuthorizationV1Api rbac;

    @BeforeAll
    static void startControllers(ControlPlane cluster) throws InterruptedException {
        platform = new Platform(cluster);
        core = new CoreV1Api(cluster.adminClient());
        rbac = new RbacAuthorizationV1Api(cluster.adminClient());
        controllers = platform.startControllers();
    }

    @AfterAll
    static void stopControllers() throws InterruptedException {
        Platform.stop(controllers);
    }

    @Test
    void aSpaceGetsNamespaceOwnerBindingQuotaAndPhaseAndIsCleanedUp() throws ApiException {
        String project = Names.unique("proj");
        String projectNamespace = "p-" + project;
        String space = Names.unique("space");
        String owner = Names.unique("owner");
        String namespace = project + "-" + space;
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {}}""".formatted(project));
        Await.present("namespace " + projectNamespace, () -> optional(() -> core.readNamespace(projectNamespace).execute()),
                ns -> true);

        platform.create("spaceinstances", projectNamespace, """
                {"kind": "SpaceInstance", "metadata": {"name": "%s"}, "spec": {"owner": {"user": "%s"},
                 "resourceQuota": {"hard": {"pods": 10, "requests.cpu": "500m"}}}}""".formatted(space, owner));

        JsonObject ready = Await.present("space phase Ready", () -> platform.get("spaceinstances", projectNamespace, space),
                s -> "Ready".equals(Json.string(s, "status", "phase")));
        assertEquals(namespace, Json.string(ready, "status", "namespace"));
        V1Namespace created = core.readNamespace(namespace).execute();
        assertEquals(space, created.getMetadata().getLabels().get("atrium.dev/spaceinstance"));
        V1RoleBinding binding = rbac.readNamespacedRoleBinding("atrium-owner", namespace).execute();
        assertEquals("atrium-project-admin", binding.getRoleRef().getName());
        assertEquals(owner, binding.getSubjects().getFirst().getName());
        assertEquals("User", binding.getSubjects().getFirst().getKind());
        V1ResourceQuota quota = core.readNamespacedResourceQuota("atrium-quota", namespace).execute();
        assertEquals(Map.of("pods", new Quantity("10"), "requests.cpu", new Quantity("500m")), quota.getSpec().getHard());

        // The project counts its spaces.
        Await.present("project usage counts the space", () -> platform.get("projects", null, project),
                p -> Json.object(p, "status", "usage") != null
                        && p.getAsJsonObject("status").getAsJsonObject("usage").get("spaceInstances").getAsInt() == 1);

        // Quota changes follow the spec; a quota deleted by hand comes back.
        platform.patch("spaceinstances", projectNamespace, space, """
                {"spec": {"resourceQuota": {"hard": {"pods": "20", "requests.cpu": null}}}}""");
        Await.present("quota follows the spec", () -> optional(() -> core.readNamespacedResourceQuota("atrium-quota", namespace).execute()),
                q -> q.getSpec().getHard().get("pods").getNumber().intValue() == 20
                        && !q.getSpec().getHard().containsKey("requests.cpu"));
        core.deleteNamespacedResourceQuota("atrium-quota", namespace).execute();
        Await.present("quota recreated", () -> optional(() -> core.readNamespacedResourceQuota("atrium-quota", namespace).execute()),
                q -> q.getSpec().getHard().get("pods").getNumber().intValue() == 20);

        // The owner binding follows the owner, and comes back when deleted by hand.
        String newOwner = Names.unique("owner");
        platform.patch("spaceinstances", projectNamespace, space, """
                {"spec": {"owner": {"user": "%s"}}}""".formatted(newOwner));
        V1RoleBinding rebound = awaitOwner(namespace, newOwner);
        rbac.deleteNamespacedRoleBinding("atrium-owner", namespace).execute();
        Await.present("owner binding recreated",
                () -> optional(() -> rbac.readNamespacedRoleBinding("atrium-owner", namespace).execute()),
                b -> !b.getMetadata().getUid().equals(rebound.getMetadata().getUid())
                        && newOwner.equals(b.getSubjects().getFirst().getName()));

        // A namespace deleted by hand is created again, with its binding and quota, once it is gone.
        String uid = core.readNamespace(namespace).execute().getMetadata().getUid();
        core.deleteNamespace(namespace).execute();
        Await.until(Await.NAMESPACE_DELETION, "namespace " + namespace + " recreated",
                () -> optional(() -> core.readNamespace(namespace).execute()),
                ns -> ns.isPresent() && !ns.get().getMetadata().getUid().equals(uid)
                        && ns.get().getMetadata().getDeletionTimestamp() == null);
        awaitOwner(namespace, newOwner);
        Await.present("quota recreated in the new namespace",
                () -> optional(() -> core.readNamespacedResourceQuota("atrium-quota", namespace).execute()),
                q -> q.getSpec().getHard().get("pods").getNumber().intValue() == 20);
        Await.present("space Ready again", () -> platform.get("spaceinstances", projectNamespace, space),
                s -> "Ready".equals(Json.string(s, "status", "phase")));

        platform.delete("spaceinstances", projectNamespace, space);
        Await.absent(Await.NAMESPACE_DELETION, "namespace " + namespace + " deleted",
                () -> optional(() -> core.readNamespace(namespace).execute()));
        Await.absent(Await.CONTROLLER, "space released by its finalizer",
                () -> platform.get("spaceinstances", projectNamespace, space));
        Await.present("project usage drops to 0", () -> platform.get("projects", null, project),
                p -> p.getAsJsonObject("status").getAsJsonObject("usage").get("spaceInstances").getAsInt() == 0);
    }

    private static V1RoleBinding awaitOwner(String namespace, String owner) {
        return Await.present("owner binding for " + owner,
                () -> optional(() -> rbac.readNamespacedRoleBinding("atrium-owner", namespace).execute()),
                b -> b.getSubjects() != null && b.getSubjects().size() == 1
                        && owner.equals(b.getSubjects().getFirst().getName()));
    }

    @Test
    void anExplicitNamespaceTakenBySomeoneElseIsNotAdopted() throws ApiException {
        String project = Names.unique("proj");
        String projectNamespace = "p-" + project;
        String foreign = Names.unique("foreign");
        core.createNamespace(new V1Namespace().metadata(new io.kubernetes.client.openapi.models.V1ObjectMeta().name(foreign)))
                .execute();
        platform.create("projects", null, """
                {"kind": "Project", "metadata": {"name": "%s"}, "spec": {}}""".formatted(project));
        Await.present("namespace " + projectNamespace, () -> optional(() -> core.readNamespace(projectNamespace).execute()),
                ns -> true);
        String space = Names.unique("space");
        platform.create("spaceinstances", projectNamespace, """
                {"kind": "SpaceInstance", "metadata": {"name": "%s"}, "spec": {"namespace": "%s", "owner": {"user": "x"}}}"""
                .formatted(space, foreign));

        JsonObject pending = Await.present("space reports the conflict", () -> platform.get("spaceinstances", projectNamespace, space),
                s -> "Pending".equals(Json.string(s, "status", "phase")) && s.toString().contains("NamespaceConflict"));
        assertEquals(foreign, Json.string(pending, "status", "namespace"));
        assertTrue(Await.optional(() -> rbac.readNamespacedRoleBinding("atrium-owner", foreign).execute()).isEmpty());

        // Deleting the space leaves the foreign namespace alone.
        platform.delete("spaceinstances", projectNamespace, space);
        Await.absent(Await.CONTROLLER, "space released", () -> platform.get("spaceinstances", projectNamespace, space));
        assertTrue(core.readNamespace(foreign).execute().getMetadata().getDeletionTimestamp() == null);
        core.deleteNamespace(foreign).execute();
    }
}
