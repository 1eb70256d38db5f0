package dev.atrium.apiserver.table;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JsonPathTest {

    private final JsonObject project = Json.parse("""
            {"metadata": {"name": "web", "labels": {"app.kubernetes.io/name": "shop"}},
             "spec": {"displayName": "Web", "owner": {"team": "devs"},
                      "members": [{"kind": "User", "name": "ann"}, {"kind": "Team", "name": "ops"}],
                      "quotas": {"spaceInstances": 3}, "none": null}}
            """).getAsJsonObject();

    private List<String> values(String path) {
        return JsonPath.parse(path).evaluate(project).stream().map(JsonElement::getAsString).toList();
    }

    @Test
    void followsKeysIndexesAndWildcards() {
        assertEquals(List.of("Web"), values(".spec.displayName"));
        assertEquals(List.of("ops"), values(".spec.members[1].name"));
        assertEquals(List.of("ops"), values(".spec.members[-1].name"));
        assertEquals(List.of("ann", "ops"), values(".spec.members[*].name"));
        assertEquals(List.of("devs"), values(".spec.owner.*"));
        assertEquals(List.of("3"), values("{.spec.quotas.spaceInstances}"));
        assertEquals(List.of("shop"), values(".metadata.labels['app.kubernetes.io/name']"));
        assertEquals(List.of("shop"), values(".metadata.labels.app\\.kubernetes\\.io/name"));
    }

    @Test
    void missingValuesYieldNothing() {
        assertEquals(List.of(), values(".spec.description"));
        assertEquals(List.of(), values(".spec.members[5].name"));
        assertEquals(List.of(), values(".spec.displayName.deeper"));
        assertEquals(List.of(), values(".spec.none"));
        assertEquals(List.of(), values(".status.phase"));
    }

    @Test
    void rejectsWhatIsNotASimplePath() {
        assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("..name"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".items[?(@.a)]"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.parse("spec.name"));
        assertThrows(IllegalArgumentException.class, () -> JsonPath.parse(".a[0"));
    }
}
