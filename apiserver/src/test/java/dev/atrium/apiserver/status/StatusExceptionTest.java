package dev.atrium.apiserver.status;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.request.QueryParameters;
import dev.atrium.apiserver.request.RequestInfoParser;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

class StatusExceptionTest {

    private static final String GROUP = "management.atrium.dev";

    @Test
    void notFoundIsAV1StatusWordedLikeKubeApiserver() {
        JsonObject status = StatusException.notFound(GROUP, "projects", "x").toJson();
        assertEquals("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                        + "\"message\":\"projects.management.atrium.dev \\\"x\\\" not found\",\"reason\":\"NotFound\","
                        + "\"details\":{\"name\":\"x\",\"group\":\"management.atrium.dev\",\"kind\":\"projects\"},"
                        + "\"code\":404}",
                Json.toJson(status));
    }

    @Test
    void forbiddenAtTheClusterScope() {
        StatusException error = StatusException.forbidden(
                RequestInfoParser.parse("GET", "/apis/management.atrium.dev/v1/projects/x", QueryParameters.EMPTY),
                "u", "");
        assertEquals(403, error.code());
        assertEquals("Forbidden", error.reason());
        assertEquals("projects.management.atrium.dev \"x\" is forbidden: User \"u\" cannot get resource \"projects\" "
                + "in API group \"management.atrium.dev\" at the cluster scope", error.getMessage());
        assertEquals("projects", error.toJson().getAsJsonObject("details").get("kind").getAsString());
    }

    @Test
    void forbiddenListOfSubresourceInANamespaceWithAReason() {
        StatusException list = StatusException.forbidden(RequestInfoParser.parse("GET",
                "/apis/management.atrium.dev/v1/namespaces/p-a/spaceinstances", QueryParameters.EMPTY), "u", "");
        assertEquals("spaceinstances.management.atrium.dev is forbidden: User \"u\" cannot list resource "
                + "\"spaceinstances\" in API group \"management.atrium.dev\" in the namespace \"p-a\"", list.getMessage());
        StatusException status = StatusException.forbidden(RequestInfoParser.parse("PUT",
                "/apis/management.atrium.dev/v1/projects/x/status", QueryParameters.EMPTY), "u", "not a member");
        assertEquals("projects.management.atrium.dev \"x\" is forbidden: User \"u\" cannot update resource "
                + "\"projects/status\" in API group \"management.atrium.dev\" at the cluster scope: not a member",
                status.getMessage());
    }

    @Test
    void forbiddenPath() {
        StatusException error = StatusException.forbidden(
                RequestInfoParser.parse("GET", "/openapi/v2", QueryParameters.EMPTY), "system:anonymous", "");
        assertEquals("forbidden: User \"system:anonymous\" cannot get path \"/openapi/v2\"", error.getMessage());
        assertFalse(error.toJson().has("details"));
    }

    @Test
    void invalidListsEveryCause() {
        List<StatusException.Cause> causes = List.of(
                new StatusException.Cause("FieldValueNotSupported",
                        "Unsupported value: \"owner\": supported values: \"admin\", \"edit\", \"view\"",
                        "spec.members[0].role"),
                new StatusException.Cause("FieldValueInvalid", "Invalid value: -1: must be >= 0",
                        "spec.quotas.spaceInstances"));
        StatusException error = StatusException.invalid(GROUP, "Project", "x", causes);
        assertEquals(422, error.code());
        assertEquals("Project.management.atrium.dev \"x\" is invalid: [spec.members[0].role: Unsupported value: "
                + "\"owner\": supported values: \"admin\", \"edit\", \"view\", spec.quotas.spaceInstances: "
                + "Invalid value: -1: must be >= 0]", error.getMessage());
        JsonObject details = error.toJson().getAsJsonObject("details");
        assertEquals("Project", details.get("kind").getAsString());
        assertEquals("spec.members[0].role",
                details.getAsJsonArray("causes").get(0).getAsJsonObject().get("field").getAsString());
        assertEquals("Project.management.atrium.dev \"x\" is invalid: spec.members[0].role: Unsupported value: "
                        + "\"owner\": supported values: \"admin\", \"edit\", \"view\"",
                StatusException.invalid(GROUP, "Project", "x", causes.subList(0, 1)).getMessage());
    }

    @Test
    void codesAndReasons() {
        assertCodeAndReason(400, "BadRequest", StatusException.badRequest("bad"));
        assertCodeAndReason(401, "Unauthorized", StatusException.unauthorized("Unauthorized"));
        assertCodeAndReason(405, "MethodNotAllowed", StatusException.methodNotAllowed(GROUP, "projects", "create"));
        assertCodeAndReason(406, "NotAcceptable", StatusException.notAcceptable(List.of("application/json")));
        assertCodeAndReason(409, "AlreadyExists", StatusException.alreadyExists(GROUP, "projects", "x"));
        assertCodeAndReason(409, "Conflict", StatusException.conflict(GROUP, "projects", "x", "modified"));
        assertCodeAndReason(410, "Expired", StatusException.expired("too old resource version: 1 (5)"));
        assertCodeAndReason(410, "Gone", StatusException.gone("gone"));
        assertCodeAndReason(413, "RequestEntityTooLarge", StatusException.requestEntityTooLarge("limit is 3145728"));
        assertCodeAndReason(415, "UnsupportedMediaType",
                StatusException.unsupportedMediaType(List.of("application/json")));
        assertCodeAndReason(429, "TooManyRequests", StatusException.tooManyRequests("slow down", 1));
        assertCodeAndReason(500, "InternalError", StatusException.internalError("boom"));
        assertCodeAndReason(503, "ServiceUnavailable", StatusException.serviceUnavailable("storage unreachable"));
    }

    @Test
    void messagesOfTheOtherFactories() {
        assertEquals("Operation cannot be fulfilled on projects.management.atrium.dev \"x\": the object has been "
                        + "modified; please apply your changes to the latest version and try again",
                StatusException.conflict(GROUP, "projects", "x", "the object has been modified; please apply your "
                        + "changes to the latest version and try again").getMessage());
        assertEquals("projects.management.atrium.dev \"x\" already exists",
                StatusException.alreadyExists(GROUP, "projects", "x").getMessage());
        assertEquals("create is not supported on resources of kind \"selves.management.atrium.dev\"",
                StatusException.methodNotAllowed(GROUP, "selves", "create").getMessage());
        assertEquals("Internal error occurred: boom", StatusException.internalError("boom").getMessage());
        assertEquals(1, StatusException.tooManyRequests("slow down", 1).toJson().getAsJsonObject("details")
                .get("retryAfterSeconds").getAsInt());
    }

    @Test
    void aStatusFromKubeApiserverRoundTrips() {
        JsonObject original = StatusException.invalid("storage.atrium.dev", "Project", "x", List.of(
                new StatusException.Cause("FieldValueRequired", "Required value", "spec.members[0].name"))).toJson();
        assertEquals(original, StatusException.fromStatus(original).toJson());
    }

    private static void assertCodeAndReason(int code, String reason, StatusException error) {
        JsonObject json = error.toJson();
        assertEquals(code, json.get("code").getAsInt());
        assertEquals(reason, json.get("reason").getAsString());
        assertEquals("Failure", json.get("status").getAsString());
        assertEquals("Status", json.get("kind").getAsString());
    }
}
