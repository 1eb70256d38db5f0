package dev.atrium.apiserver.kubectl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** kubectl apply, client-side and server-side, and server dry runs. */
@ExtendWith(ControlPlaneExtension.class)
class KubectlApplyIT {

    private final ControlPlane cluster;
    private final String run = Names.unique("apply");

    KubectlApplyIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void deleteProjects() {
        cluster.kubectl("delete", "projects", "-l", "run=" + run, "--wait=false").ok();
    }

    @Test
    void clientSideApplyCreatesThenChanges() {
        String name = Names.unique("csa");
        assertEquals("project.management.atrium.dev/" + name + " created\n",
                cluster.kubectl("apply", "-f", "-").stdin(Manifests.project(name, run, "First")).ok());

        String changed = Manifests.project(name, run, "Second").replace("  - {kind: Team, name: devs, role: view}\n", "");
        assertEquals("project.management.atrium.dev/" + name + " configured\n",
                cluster.kubectl("apply", "-f", "-").stdin(changed).ok());
        assertEquals("project.management.atrium.dev/" + name + " unchanged\n",
                cluster.kubectl("apply", "-f", "-").stdin(changed).ok());

        JsonObject project = getJson("project", name);
        JsonObject spec = project.getAsJsonObject("spec");
        assertEquals("Second", spec.get("displayName").getAsString());
        assertEquals(1, spec.getAsJsonArray("members").size(), "the member left out of the manifest is removed: " + spec);
        String lastApplied = project.getAsJsonObject("metadata").getAsJsonObject("annotations")
                .get("kubectl.kubernetes.io/last-applied-configuration").getAsString();
        assertTrue(lastApplied.contains("\"displayName\":\"Second\""), lastApplied);
    }

    @Test
    void serverSideApplyConflictsBetweenManagersUntilForced() {
        String name = Names.unique("ssa");
        assertEquals("project.management.atrium.dev/" + name + " serverside-applied\n",
                cluster.kubectl("apply", "--server-side", "--field-manager=alpha", "-f", "-")
                        .stdin(Manifests.project(name, run, "Alpha")).ok());

        Command.Result conflict = cluster.kubectl("apply", "--server-side", "--field-manager=beta", "-f", "-")
                .stdin(Manifests.project(name, run, "Beta")).run();
        assertNotEquals(0, conflict.exitCode(), conflict.describe());
        assertTrue(conflict.stderr().contains("Apply failed with 1 conflict: conflict with \"alpha\": .spec.displayName"),
                conflict.describe());
        assertEquals("Alpha", getJson("project", name).getAsJsonObject("spec").get("displayName").getAsString());

        cluster.kubectl("apply", "--server-side", "--field-manager=beta", "--force-conflicts", "-f", "-")
                .stdin(Manifests.project(name, run, "Beta")).ok();

        JsonObject project = JsonParser.parseString(cluster.kubectl("get", "project", name, "-o", "json",
                "--show-managed-fields").ok()).getAsJsonObject();
        assertEquals("Beta", project.getAsJsonObject("spec").get("displayName").getAsString());
        Map<String, JsonObject> managers = new HashMap<>();
        for (JsonElement entry : project.getAsJsonObject("metadata").getAsJsonArray("managedFields")) {
            JsonObject fields = entry.getAsJsonObject();
            assertEquals("management.atrium.dev/v1", fields.get("apiVersion").getAsString(), fields.toString());
            String manager = fields.get("manager").getAsString();
            if (manager.equals("alpha") || manager.equals("beta")) {
                // The Project controller's own entry (finalizer, status) is an Update; these two applied.
                assertEquals("Apply", fields.get("operation").getAsString(), fields.toString());
                managers.put(manager, fields.getAsJsonObject("fieldsV1").getAsJsonObject("f:spec"));
            }
        }
        assertEquals(java.util.Set.of("alpha", "beta"), managers.keySet());
        assertTrue(managers.get("beta").has("f:displayName"), managers.toString());
        assertTrue(!managers.get("alpha").has("f:displayName"), "forced apply took the field from alpha: " + managers);
    }

    /** As for built-in resources, kube-apiserver lets kubectl's own server-side apply take over client-side applied fields. */
    @Test
    void aClientSideAppliedObjectMovesToServerSideApply() {
        String name = Names.unique("upgrade");
        cluster.kubectl("apply", "-f", "-").stdin(Manifests.project(name, run, "ClientSide")).ok();

        assertEquals("project.management.atrium.dev/" + name + " serverside-applied\n",
                cluster.kubectl("apply", "--server-side", "-f", "-").stdin(Manifests.project(name, run, "ServerSide")).ok());

        JsonObject project = JsonParser.parseString(cluster.kubectl("get", "project", name, "-o", "json",
                "--show-managed-fields").ok()).getAsJsonObject();
        assertEquals("ServerSide", project.getAsJsonObject("spec").get("displayName").getAsString());
        JsonObject metadata = project.getAsJsonObject("metadata");
        String lastApplied = metadata.getAsJsonObject("annotations")
                .get("kubectl.kubernetes.io/last-applied-configuration").getAsString();
        assertTrue(lastApplied.startsWith("{\"apiVersion\":\"management.atrium.dev/v1\",\"kind\":\"Project\""), lastApplied);
        assertTrue(lastApplied.contains("\"displayName\":\"ServerSide\""), lastApplied);
        for (JsonElement entry : metadata.getAsJsonArray("managedFields")) {
            assertEquals("management.atrium.dev/v1", entry.getAsJsonObject().get("apiVersion").getAsString(), entry.toString());
        }

        assertEquals("project.management.atrium.dev/" + name + " configured\n",
                cluster.kubectl("apply", "-f", "-").stdin(Manifests.project(name, run, "ClientSideAgain")).ok());
        assertEquals("ClientSideAgain", getJson("project", name).getAsJsonObject("spec").get("displayName").getAsString());
    }

    @Test
    void dryRunServerLeavesNothingStored() {
        String name = Names.unique("dry");
        String created = cluster.kubectl("create", "--dry-run=server", "-f", "-", "-o", "jsonpath={.metadata.name}")
                .stdin(Manifests.project(name, run, "Dry")).ok();
        assertEquals(name, created, "the server answers with the object it would store");
        Command.Result get = cluster.kubectl("get", "project", name).run();
        assertEquals(1, get.exitCode(), get.describe());
        assertEquals("Error from server (NotFound): projects.management.atrium.dev \"" + name + "\" not found\n",
                get.stderr());

        cluster.kubectl("create", "-f", "-").stdin(Manifests.project(name, run, "Stored")).ok();
        assertEquals("project.management.atrium.dev/" + name + " serverside-applied (server dry run)\n",
                cluster.kubectl("apply", "--server-side", "--force-conflicts", "--dry-run=server", "-f", "-")
                        .stdin(Manifests.project(name, run, "Changed")).ok());
        assertEquals("project.management.atrium.dev \"" + name + "\" deleted (server dry run)\n",
                cluster.kubectl("delete", "project", name, "--dry-run=server").ok());
        assertEquals("Stored", getJson("project", name).getAsJsonObject("spec").get("displayName").getAsString());
    }

    @Test
    void unknownFieldsWarnOrFailAsTheUserAsks() {
        String name = Names.unique("unknown");
        String manifest = Manifests.project(name, run, "Typo").replace("  displayName:", "  displayNmae: x\n  displayName:");

        Command.Result strict = cluster.kubectl("create", "--validate=strict", "-f", "-").stdin(manifest).run();
        assertEquals(1, strict.exitCode(), strict.describe());
        assertTrue(strict.stderr().contains("strict decoding error: unknown field \"spec.displayNmae\""), strict.describe());

        Command.Result warned = cluster.kubectl("create", "--validate=warn", "-f", "-").stdin(manifest).run();
        assertEquals(0, warned.exitCode(), warned.describe());
        assertEquals("Warning: unknown field \"spec.displayNmae\"\n", warned.stderr());
        assertTrue(!getJson("project", name).getAsJsonObject("spec").has("displayNmae"));
    }

    private JsonObject getJson(String resource, String name) {
        return JsonParser.parseString(cluster.kubectl("get", resource, name, "-o", "json").ok()).getAsJsonObject();
    }
}
