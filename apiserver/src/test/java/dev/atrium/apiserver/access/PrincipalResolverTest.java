package dev.atrium.apiserver.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.authn.UserInfo;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PrincipalResolverTest {

    private static JsonObject object(String name, String spec) {
        return JsonParser.parseString("{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":" + spec + "}")
                .getAsJsonObject();
    }

    private static final List<JsonObject> USERS = List.of(
            object("alice", "{\"username\":\"alice@corp\"}"),
            object("bob", "{}"),
            object("robots", "{\"groups\":[\"ci\"]}"),
            object("mallory", "{\"disabled\":true}"));
    private static final List<JsonObject> TEAMS = List.of(
            object("finance", "{\"users\":[\"alice\",\"bob\"]}"),
            object("ops", "{\"groups\":[\"oncall\"]}"),
            object("empty", "{}"));

    private static Principal resolve(String user, String... groups) {
        return PrincipalResolver.resolve(new UserInfo(user, List.of(groups)), USERS, TEAMS);
    }

    @Test
    void aUserObjectStandsForItsUsernameNotItsObjectName() {
        assertEquals(Set.of("alice", "alice@corp"), resolve("alice@corp").users(), "and the name as a member of kind User");
        assertEquals(Set.of("finance"), resolve("alice@corp").teams());
        assertEquals(Set.of(), resolve("alice").users(), "User alice authenticates as alice@corp only");
    }

    @Test
    void aNameWithoutUserObjectIsTheKubernetesUserOfThatName() {
        assertEquals(Set.of("carol"), resolve("carol").users());
        assertEquals(Set.of("bob"), resolve("bob").users());
    }

    @Test
    void groupsMakeUsersAndTeams() {
        Principal robot = resolve("jenkins", "ci", "oncall");
        assertEquals(Set.of("jenkins", "robots"), robot.users());
        assertEquals(Set.of("ops"), robot.teams());
    }

    @Test
    void aDisabledUserIsNobody() {
        Principal mallory = resolve("mallory", "oncall");
        assertTrue(mallory.users().isEmpty());
        assertTrue(mallory.teams().isEmpty(), "not even through its groups");
    }

    @Test
    void theStrongestRoleWinsAndTheOwnerIsAdmin() {
        JsonObject project = object("payments", """
                {"owner":{"team":"ops"},"members":[
                  {"kind":"User","name":"bob","role":"view"},
                  {"kind":"Team","name":"finance","role":"edit"},
                  {"kind":"User","name":"carol","role":"admin"}]}""");
        assertEquals(Optional.of(Role.EDIT), resolve("bob").roleIn(project), "view directly, edit through finance");
        assertEquals(Optional.of(Role.ADMIN), resolve("carol").roleIn(project));
        assertEquals(Optional.of(Role.ADMIN), resolve("dave", "oncall").roleIn(project), "owner team");
        assertEquals(Optional.empty(), resolve("erin").roleIn(project));
        assertEquals(Optional.empty(), resolve("mallory").roleIn(object("x",
                "{\"members\":[{\"kind\":\"User\",\"name\":\"mallory\",\"role\":\"admin\"}]}")));
    }

    @Test
    void rolesOrderViewEditAdmin() {
        assertTrue(Role.ADMIN.includes(Role.EDIT));
        assertTrue(Role.EDIT.includes(Role.VIEW));
        assertTrue(!Role.VIEW.includes(Role.EDIT));
        assertEquals(Optional.empty(), Role.parse("owner"));
        assertEquals("edit", Role.EDIT.value());
    }
}
