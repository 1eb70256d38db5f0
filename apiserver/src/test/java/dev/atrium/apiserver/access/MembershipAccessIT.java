package dev.atrium.apiserver.access;

import static dev.atrium.testing.Eventually.eventually;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.testing.Command;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Three users with kubectl and their own client certificates: a global admin (RBAC may update
 * projects), a member through a team, and an outsider. The member sees its project and the
 * instances in it and nothing else; the outsider sees nothing; watches follow view changes.
 * Roles are RBAC the project controller keeps: view reads, edit changes instances, admin also the project.
 */
@ExtendWith(ControlPlaneExtension.class)
class MembershipAccessIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final ControlPlane cluster;
    private final String run = Names.unique("access");
    private final String admin = Names.unique("admin");
    private final String member = Names.unique("member");
    private final String outsider = Names.unique("outsider");
    private final String team = Names.unique("team");
    private final String project = Names.unique("shared");
    private final String otherProject = Names.unique("other");
    private final String adminRole = Names.unique("platform-admin");

    MembershipAccessIT(ControlPlane cluster) {
        this.cluster = cluster;
    }

    @BeforeEach
    void createPlatform() {
        cluster.kubectl("create", "clusterrole", adminRole, "--verb=*",
                "--resource=projects.management.atrium.dev,spaceinstances.management.atrium.dev,"
                        + "virtualclusterinstances.management.atrium.dev").ok();
        cluster.kubectl("create", "clusterrolebinding", adminRole, "--clusterrole=" + adminRole, "--user=" + admin).ok();
        cluster.kubectl("apply", "-f", "-").stdin("""
                apiVersion: management.atrium.dev/v1
                kind: User
                metadata: {name: %1$s, labels: {run: %3$s}}
                spec: {displayName: The member, username: %1$s}
                ---
                apiVersion: management.atrium.dev/v1
                kind: Team
                metadata: {name: %2$s, labels: {run: %3$s}}
                spec: {users: [%1$s]}
                """.formatted(member, team, run)).ok();
        createProject(project, "{kind: Team, name: " + team + ", role: edit}");
        createProject(otherProject, "{kind: User, name: " + admin + ", role: admin}");
        eventually(TIMEOUT, "namespace p-" + project, () ->
                cluster.kubectl("get", "namespace", "p-" + project).run().exitCode() == 0);
        eventually(Duration.ofSeconds(20), admin + " is a global admin", () ->
                cluster.kubectlAs(admin, List.of(), "auth", "can-i", "update", "projects.management.atrium.dev")
                        .run().stdout().equals("yes\n"));
        createSpace(project, "space-a");
    }

    @AfterEach
    void deletePlatform() {
        cluster.kubectl("delete", "projects,users,teams", "-l", "run=" + run, "--wait=false").ok();
        cluster.kubectl("delete", "clusterrolebinding,clusterrole", adminRole).ok();
    }

    @Test
    void eachUserSeesWhatItBelongsTo() {
        assertEquals(List.of("project.management.atrium.dev/" + otherProject,
                        "project.management.atrium.dev/" + project),
                lines(as(admin, "get", "projects", "-l", "run=" + run, "-o", "name")), "the admin sees both");

        assertEquals(List.of("project.management.atrium.dev/" + project), lines(as(member, "get", "projects", "-o", "name")),
                "the member sees its project only");
        assertEquals(List.of("spaceinstance.management.atrium.dev/space-a"),
                lines(as(member, "get", "spaceinstances", "-A", "-o", "name")));
        assertEquals("space-a", as(member, "get", "spaceinstance", "space-a", "-n", "p-" + project,
                "-o", "jsonpath={.metadata.name}"));
        notFound(as(member, List.of("get", "project", otherProject)), "projects", otherProject);

        assertEquals(List.of(), lines(as(outsider, "get", "projects", "-o", "name")), "the outsider sees none");
        assertEquals(List.of(), lines(as(outsider, "get", "spaceinstances", "-A", "-o", "name")));
        notFound(as(outsider, List.of("get", "project", project)), "projects", project);
        notFound(as(outsider, List.of("get", "spaceinstance", "space-a", "-n", "p-" + project)),
                "spaceinstances", "space-a");
        notFound(as(outsider, List.of("label", "project", project, "x=y")), "projects", project);
        forbidden(as(outsider, List.of("delete", "spaceinstance", "space-a", "-n", "p-" + project)),
                "cannot delete resource \"spaceinstances\"");
        assertEquals(List.of("spaceinstance.management.atrium.dev/space-a"),
                lines(cluster.kubectl("get", "spaceinstances", "-n", "p-" + project, "-o", "name").ok()),
                "nothing an outsider tried changed anything");
    }

    @Test
    void aMembersPagesAreFullWhereverItsObjectsAreAmongOthers() {
        // Spaces the member does not see sort before its own ("p-other-..." < "p-shared-...").
        for (int i = 0; i < 5; i++) {
            createSpace(otherProject, "hidden-" + i);
        }
        createSpace(project, "space-b");
        createSpace(project, "space-c");
        String path = "/apis/management.atrium.dev/v1/spaceinstances?limit=2";

        JsonObject first = Json.parse(as(member, "get", "--raw", path)).getAsJsonObject();
        assertEquals(List.of("space-a", "space-b"), names(first), "a page of 2 holds 2 of the member's 3 spaces");
        String next = Json.string(first, "metadata", "continue");
        assertTrue(next != null && !next.isEmpty(), "a continue token while more may follow: " + first);
        assertFalse(Json.object(first, "metadata").has("remainingItemCount"), "no count of items the member cannot see");

        JsonObject second = Json.parse(as(member, "get", "--raw",
                path + "&continue=" + URLEncoder.encode(next, StandardCharsets.UTF_8))).getAsJsonObject();
        assertEquals(List.of("space-c"), names(second));
        assertEquals(null, Json.string(second, "metadata", "continue"), "the last page: " + second);

        assertEquals(List.of("space-a", "space-b", "space-c"),
                lines(as(member, "get", "spaceinstances", "-A", "--chunk-size=2", "-o", "custom-columns=:metadata.name")),
                "kubectl pages through them all");
    }

    private static List<String> names(JsonObject list) {
        List<String> names = new ArrayList<>();
        list.getAsJsonArray("items").forEach(item -> names.add(Json.string(item.getAsJsonObject(), "metadata", "name")));
        return names;
    }

    @Test
    void rolesDecideWhatAMemberMayChange() {
        String viewer = Names.unique("viewer");
        String projectAdmin = Names.unique("padmin");
        cluster.kubectl("patch", "project", project, "--type=json", "-p", """
                [{"op":"add","path":"/spec/members/-","value":{"kind":"User","name":"%s","role":"view"}},
                 {"op":"add","path":"/spec/members/-","value":{"kind":"User","name":"%s","role":"admin"}}]"""
                .formatted(viewer, projectAdmin)).ok();
        eventually(TIMEOUT, viewer + " sees the project", () ->
                as(viewer, List.of("get", "project", project)).exitCode() == 0);

        eventually(TIMEOUT, projectAdmin + " may change the project", () -> cluster.kubectlAs(projectAdmin, List.of(),
                "auth", "can-i", "patch", "project.management.atrium.dev/" + project).run().stdout().equals("yes\n"));

        forbidden(cluster.kubectlAs(viewer, List.of(), "create", "-f", "-").stdin(space(project, "by-viewer")).run(),
                "cannot create resource \"spaceinstances\" in API group \"management.atrium.dev\" in the namespace \"p-"
                        + project + "\"");
        cluster.kubectlAs(member, List.of(), "create", "-f", "-").stdin(space(project, "by-member")).ok();
        forbidden(as(member, List.of("label", "project", project, "changed=yes")), "cannot patch resource \"projects\"");
        notFound(as(member, List.of("label", "project", otherProject, "changed=yes")), "projects", otherProject);

        as(projectAdmin, "label", "project", project, "changed=yes");
        assertEquals("yes", cluster.kubectl("get", "project", project, "-o", "jsonpath={.metadata.labels.changed}").ok());
        as(member, "delete", "spaceinstance", "by-member", "-n", "p-" + project, "--wait=false");
    }

    @Test
    void aWatchSeesTheProjectAndItsSpacesLeaveWhenTheMemberIsRemoved() {
        try (Command.Running projects = cluster.kubectlAs(member, List.of(), "get", "projects", "-w",
                "--output-watch-events", "--no-headers", "--request-timeout=90s").start();
             Command.Running spaces = cluster.kubectlAs(member, List.of(), "get", "spaceinstances", "-A", "-w",
                "--output-watch-events", "--no-headers", "--request-timeout=90s").start()) {
            eventually(TIMEOUT, "the project in the watch", () -> count(projects, "ADDED", project) == 1);
            eventually(TIMEOUT, "the space in the watch", () -> count(spaces, "ADDED", "p-" + project + " space-a") == 1);

            // The team loses its membership: the project and its space leave the member's view.
            cluster.kubectl("patch", "project", project, "--type=merge", "-p",
                    "{\"spec\":{\"members\":[{\"kind\":\"User\",\"name\":\"" + admin + "\",\"role\":\"admin\"}]}}").ok();
            eventually(TIMEOUT, "the project gone", () -> count(projects, "DELETED", project) == 1);
            eventually(TIMEOUT, "the space gone", () -> count(spaces, "DELETED", "p-" + project + " space-a") == 1);

            // Back through the team, then gone again by changing the team, not the project.
            cluster.kubectl("patch", "project", project, "--type=json", "-p", """
                    [{"op":"add","path":"/spec/members/-","value":{"kind":"Team","name":"%s","role":"view"}}]"""
                    .formatted(team)).ok();
            eventually(TIMEOUT, "the project back", () -> count(projects, "ADDED", project) == 2);
            eventually(TIMEOUT, "the space back", () -> count(spaces, "ADDED", "p-" + project + " space-a") == 2);
            cluster.kubectl("patch", "team", team, "--type=merge", "-p", "{\"spec\":{\"users\":[]}}").ok();
            eventually(TIMEOUT, "the project gone with the team", () -> count(projects, "DELETED", project) == 2);
            eventually(TIMEOUT, "the space gone with the team",
                    () -> count(spaces, "DELETED", "p-" + project + " space-a") == 2);

            List<String> seen = lines(projects.stop().stdout());
            assertTrue(seen.stream().allMatch(line -> line.split("\\s+")[1].equals(project)),
                    "never another project: " + seen);
            assertEquals(List.of(), lines(as(member, "get", "projects", "-o", "name")));
        }
    }

    /** Lines of a {@code -w --output-watch-events} table: the event type, then the name (or namespace and name). */
    private static long count(Command.Running watch, String type, String name) {
        return watch.stdoutSoFar().lines().map(line -> line.strip().replaceAll("\\s+", " "))
                .filter(line -> line.startsWith(type + " " + name + " ")).count();
    }

    private void createProject(String name, String member) {
        cluster.kubectl("apply", "-f", "-").stdin("""
                apiVersion: management.atrium.dev/v1
                kind: Project
                metadata: {name: %s, labels: {run: %s}}
                spec:
                  displayName: %s
                  members:
                  - %s
                """.formatted(name, run, name, member)).ok();
    }

    private void createSpace(String inProject, String name) {
        cluster.kubectl("create", "-f", "-").stdin(space(inProject, name)).ok();
    }

    private String space(String inProject, String name) {
        return """
                apiVersion: management.atrium.dev/v1
                kind: SpaceInstance
                metadata: {name: %s, namespace: p-%s, labels: {run: %s}}
                spec: {displayName: %s}
                """.formatted(name, inProject, run, name);
    }

    private String as(String user, String... args) {
        return cluster.kubectlAs(user, List.of(), args).ok();
    }

    private Command.Result as(String user, List<String> args) {
        return cluster.kubectlAs(user, List.of(), args.toArray(String[]::new)).run();
    }

    private static void forbidden(Command.Result result, String why) {
        assertTrue(result.stderr().startsWith("Error from server (Forbidden): ") && result.stderr().contains(why),
                result.describe());
    }

    private static void notFound(Command.Result result, String resource, String name) {
        assertEquals("Error from server (NotFound): " + resource + ".management.atrium.dev \"" + name + "\" not found\n",
                result.stderr(), result.describe());
    }

    private static List<String> lines(String output) {
        return output.lines().filter(line -> !line.isBlank()).map(String::strip).sorted().toList();
    }
}
