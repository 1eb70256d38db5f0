package dev.atrium.controllers.user;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.controllers.Controllers;
import dev.atrium.controllers.testing.Await;
import dev.atrium.controllers.testing.Platform;
import dev.atrium.testing.ControlPlane;
import dev.atrium.testing.ControlPlaneExtension;
import dev.atrium.testing.Names;
import io.kubernetes.client.openapi.ApiException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** User.status.teams follows the teams, by name and by group. */
@ExtendWith(ControlPlaneExtension.class)
class UserIT {
    private static Controllers controllers;
    private static Platform platform;
    private static ControlPlane cluster;

    @BeforeAll
    static void startControllers(ControlPlane controlPlane) throws InterruptedException {
        cluster = controlPlane;
        platform = new Platform(controlPlane);
        controllers = platform.startControllers();
    }

    @AfterAll
    static void stopControllers() throws InterruptedException {
        Platform.stop(controllers);
    }

    @Test
    void statusTeamsFollowsTeamChanges() throws ApiException {
        String user = Names.unique("user");
        String group = Names.unique("group");
        String byName = "a-" + Names.unique("team");
        String byGroup = "b-" + Names.unique("team");
        String other = Names.unique("team");
        platform.create("users", null, """
                {"kind": "User", "metadata": {"name": "%s"}, "spec": {"groups": ["%s"]}}""".formatted(user, group));
        awaitTeams(user, List.of());

        platform.create("teams", null, """
                {"kind": "Team", "metadata": {"name": "%s"}, "spec": {"users": ["%s"]}}""".formatted(byName, user));
        platform.create("teams", null, """
                {"kind": "Team", "metadata": {"name": "%s"}, "spec": {"groups": ["%s"]}}""".formatted(byGroup, group));
        platform.create("teams", null, """
                {"kind": "Team", "metadata": {"name": "%s"}, "spec": {"users": ["%s"]}}""".formatted(other, Names.unique("x")));
        awaitTeams(user, List.of(byName, byGroup));

        platform.patch("teams", null, byName, """
                {"spec": {"users": []}}""");
        awaitTeams(user, List.of(byGroup));

        platform.patch("teams", null, other, """
                {"spec": {"users": ["%s"]}}""".formatted(user));
        awaitTeams(user, List.of(byGroup, other));

        platform.delete("teams", null, byGroup);
        awaitTeams(user, List.of(other));

        // A team gaining one of the user's groups lists it; the user leaving that group drops it.
        platform.patch("teams", null, byName, """
                {"spec": {"groups": ["%s"]}}""".formatted(group));
        awaitTeams(user, List.of(byName, other));
        platform.patch("users", null, user, """
                {"spec": {"groups": []}}""");
        awaitTeams(user, List.of(other));

        // status.teams written by hand is put back.
        String forged = cluster.kubectl("patch", "users.storage.atrium.dev", user, "--subresource=status", "--type=merge",
                "-p", """
                {"status": {"teams": ["forged"]}}""", "-o", "jsonpath={.status.teams}").ok();
        assertTrue(forged.contains("forged"), forged);
        awaitTeams(user, List.of(other));
    }

    private static void awaitTeams(String user, List<String> teams) {
        Await.present("user " + user + " status.teams = " + teams, () -> platform.get("users", null, user),
                u -> teams(u) != null && teams(u).equals(teams));
    }

    private static List<String> teams(JsonObject user) {
        JsonObject status = Json.object(user, "status");
        if (status == null || !status.has("teams")) {
            return null;
        }
        return status.getAsJsonArray("teams").asList().stream().map(JsonElement::getAsString).toList();
    }
}
