package dev.atrium.leader.ha;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.generic.KubernetesApiResponse;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesApi;
import io.kubernetes.client.util.generic.dynamic.DynamicKubernetesObject;
import java.util.List;

/**
 * Projects of {@code management.atrium.dev/v1} through one client (kube-apiserver, or a replica
 * directly). Every call either returns what the server acknowledged or throws {@link Failed}
 * with the HTTP code (0 when no response came) and message.
 */
final class Projects {

    static final class Failed extends RuntimeException {
        final int code;

        Failed(String verb, String name, int code, String message) {
            super(verb + " " + name + ": " + (code == 0 ? "no response" : "HTTP " + code) + ": " + message);
            this.code = code;
        }
    }

    private final DynamicKubernetesApi api;

    Projects(ApiClient client) {
        this.api = new DynamicKubernetesApi("management.atrium.dev", "v1", "projects", client);
    }

    /** A project with one member, {@code User <member>} as viewer, and {@code description}. */
    static DynamicKubernetesObject project(String name, String member, String description) {
        JsonObject object = new JsonObject();
        object.addProperty("apiVersion", "management.atrium.dev/v1");
        object.addProperty("kind", "Project");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", name);
        object.add("metadata", metadata);
        JsonObject spec = new JsonObject();
        spec.addProperty("displayName", name);
        spec.addProperty("description", description);
        spec.add("members", members(member));
        object.add("spec", spec);
        return new DynamicKubernetesObject(object);
    }

    static JsonArray members(String member) {
        JsonObject entry = new JsonObject();
        entry.addProperty("kind", "User");
        entry.addProperty("name", member);
        entry.addProperty("role", "view");
        JsonArray members = new JsonArray();
        members.add(entry);
        return members;
    }

    static String description(DynamicKubernetesObject project) {
        return project.getRaw().getAsJsonObject("spec").get("description").getAsString();
    }

    static String member(DynamicKubernetesObject project) {
        return project.getRaw().getAsJsonObject("spec").getAsJsonArray("members").get(0).getAsJsonObject()
                .get("name").getAsString();
    }

    DynamicKubernetesObject create(DynamicKubernetesObject project) {
        return check("create", project.getMetadata().getName(), () -> api.create(project));
    }

    DynamicKubernetesObject get(String name) {
        return check("get", name, () -> api.get(name));
    }

    /** 404 as null; any other failure throws. */
    DynamicKubernetesObject find(String name) {
        try {
            return get(name);
        } catch (Failed e) {
            if (e.code == 404) {
                return null;
            }
            throw e;
        }
    }

    List<DynamicKubernetesObject> list() {
        KubernetesApiResponse<io.kubernetes.client.util.generic.dynamic.DynamicKubernetesListObject> response;
        try {
            response = api.list();
        } catch (RuntimeException e) {
            throw failed("list", "projects", e);
        }
        if (!response.isSuccess()) {
            throw new Failed("list", "projects", response.getHttpStatusCode(), String.valueOf(response.getStatus()));
        }
        return response.getObject().getItems();
    }

    /** Sets description and the one member, with the resourceVersion read (409 on a concurrent change). */
    DynamicKubernetesObject update(DynamicKubernetesObject read, String member, String description) {
        JsonObject raw = read.getRaw().deepCopy();
        raw.remove("status");
        JsonObject spec = raw.getAsJsonObject("spec");
        spec.addProperty("description", description);
        spec.add("members", members(member));
        DynamicKubernetesObject changed = new DynamicKubernetesObject(raw);
        return check("update", read.getMetadata().getName(), () -> api.update(changed));
    }

    void delete(String name) {
        try {
            api.delete(name);
        } catch (RuntimeException e) {
            // best effort clean-up
        }
    }

    /** The HTTP code and body of the ApiException behind a client failure, if any. */
    private static Failed failed(String verb, String name, RuntimeException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof io.kubernetes.client.openapi.ApiException api) {
                String body = api.getResponseBody() == null ? "" : api.getResponseBody();
                return new Failed(verb, name, api.getCode(), api.getMessage() + " " + body.substring(0, Math.min(300, body.length()))
                        + (api.getCause() == null ? "" : " cause: " + api.getCause()));
            }
        }
        return new Failed(verb, name, 0, e.toString());
    }

    private static DynamicKubernetesObject check(String verb, String name,
            java.util.function.Supplier<KubernetesApiResponse<DynamicKubernetesObject>> call) {
        KubernetesApiResponse<DynamicKubernetesObject> response;
        try {
            response = call.get();
        } catch (RuntimeException e) {
            throw failed(verb, name, e);
        }
        if (!response.isSuccess()) {
            throw new Failed(verb, name, response.getHttpStatusCode(),
                    response.getStatus() == null ? "?" : response.getStatus().getReason() + ": " + response.getStatus().getMessage());
        }
        return response.getObject();
    }
}
