package dev.atrium.apiserver.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.status.StatusException;
import org.junit.jupiter.api.Test;

class YamlDocumentTest {

    @Test
    void aYamlObjectBodyBecomesJson() {
        assertEquals(Json.parse("""
                {"apiVersion": "management.atrium.dev/v1", "kind": "Project", "metadata": {"name": "web"},
                 "spec": {"displayName": "2024-01-01", "quotas": {"spaceInstances": 3}}}"""),
                YamlDocument.object("""
                        apiVersion: management.atrium.dev/v1
                        kind: Project
                        metadata:
                          name: web
                        spec:
                          displayName: 2024-01-01
                          quotas: {spaceInstances: 3}
                        """));
    }

    @Test
    void aBodyThatIsNoSingleObjectIsABadRequest() {
        for (String body : new String[] {"- a\n- b\n", "a: 1\n---\nb: 2\n", "a: [\n"}) {
            StatusException failure = assertThrows(StatusException.class, () -> YamlDocument.object(body));
            assertEquals(400, failure.code());
            assertTrue(failure.getMessage().startsWith("error converting YAML to JSON: "), failure.getMessage());
        }
    }
}
