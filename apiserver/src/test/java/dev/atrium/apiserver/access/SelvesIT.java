package dev.atrium.apiserver.access;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code kubectl create -f self.yaml -o yaml}: who am I on the platform. */
@ExtendWith(ControlPlaneExtension.class)
class SelvesIT {

    private static final String SELF = """
            apiVersion: management.atrium.dev/v1
            kind: Self
            """;

    private final ControlPlane cluster;
    private final String run = Names.unique("selves");
    private final String user = Names.unique("sam");
    private final String team = Names.unique("crew");
    private final String project = Names.unique("mine");

    SelvesIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @AfterEach
    void cleanUp() {
        cluster.kubectl("delete", "projects,users,teams", "-l", "run=" + run, "--wait=false").ok();
    }

    @Test
    void aMemberLearnsItsTeamsAndProjectsWithRoles() {
        cluster.kubectl("apply", "-f", "-").stdin("""
                apiVersion: management.atrium.dev/v1
                kind: User
                metadata: {name: %1$s, labels: {run: %4$s}}
                spec: {username: %1$s@corp}
                ---
                apiVersion: management.atrium.dev/v1
                kind: Team
                metadata: {name: %2$s, labels: {run: %4$s}}
                spec: {groups: [sailors]}
                ---
                apiVersion: management.atrium.dev/v1
                kind: Project
                metadata: {name: %3$s, labels: {run: %4$s}}
                spec:
                  members:
                  - {kind: Team, name: %2$s, role: view}
                  - {kind: User, name: %1$s, role: edit}
                """.formatted(user, team, project, run)).ok();

        eventually(Duration.ofSeconds(30), "the replica's mirrors have the project", () ->
                self(user + "@corp", "sailors").getAsJsonArray("projects").size() == 1);
        JsonObject status = self(user + "@corp", "sailors");
        assertEquals(user + "@corp", status.get("user").getAsString());
        assertEquals(List.of("sailors", "system:authenticated"), strings(status, "groups"));
        assertEquals(List.of(user, user + "@corp"), strings(status, "users"));
        assertEquals(List.of(team), strings(status, "teams"));
        JsonObject membership = status.getAsJsonArray("projects").get(0).getAsJsonObject();
        assertEquals(project, membership.get("name").getAsString());
        assertEquals("edit", membership.get("role").getAsString(), "the stronger of view (team) and edit (user)");
        assertFalse(status.get("admin").getAsBoolean());

        String yaml = cluster.kubectlAs(user + "@corp", List.of("sailors"), "create", "-f", "-", "-o", "yaml")
                .stdin(SELF).ok();
        assertTrue(yaml.startsWith("apiVersion: management.atrium.dev/v1\nkind: Self\n"), yaml);
        assertTrue(yaml.contains("  - name: " + project + "\n    role: edit\n"), yaml);
    }

    @Test
    void anOutsiderIsNobodyAndTheClusterAdminIsAdmin() {
        JsonObject outsider = self(Names.unique("nobody"));
        assertEquals(0, outsider.getAsJsonArray("projects").size());
        assertEquals(0, outsider.getAsJsonArray("teams").size());
        assertFalse(outsider.get("admin").getAsBoolean());

        JsonObject admin = JsonParser.parseString(cluster.kubectl("create", "-f", "-", "-o", "json").stdin(SELF).ok())
                .getAsJsonObject().getAsJsonObject("status");
        assertTrue(admin.get("admin").getAsBoolean(), admin.toString());
    }

    @Test
    void selvesAreNeitherListedNorStored() {
        Command.Result list = cluster.kubectl("get", "selves").run();
        assertTrue(list.stderr().contains("(MethodNotAllowed)"), list.describe());
        Command.Result wrongKind = cluster.kubectl("create", "--raw", "/apis/management.atrium.dev/v1/selves", "-f", "-")
                .stdin("{\"apiVersion\":\"management.atrium.dev/v1\",\"kind\":\"Project\"}").run();
        assertTrue(wrongKind.stderr().contains("BadRequest") || wrongKind.stderr().contains("must be"),
                wrongKind.describe());
    }

    private JsonObject self(String name, String... groups) {
        String json = cluster.kubectlAs(name, List.of(groups), "create", "-f", "-", "-o", "json").stdin(SELF).ok();
        return JsonParser.parseString(json).getAsJsonObject().getAsJsonObject("status");
    }

    private static List<String> strings(JsonObject object, String field) {
        return object.getAsJsonArray(field).asList().stream().map(element -> element.getAsString()).toList();
    }
}
