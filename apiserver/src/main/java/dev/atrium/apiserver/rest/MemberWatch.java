package dev.atrium.apiserver.rest;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.access.MemberView;
import dev.atrium.apiserver.access.ProjectAccess;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.storage.StorageClient;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The member's side of a watch: which storage events a caller who is not a global admin sees, and the
 * events its view changing makes, as kube-apiserver does for selectors: an object entering the
 * view arrives as ADDED, one leaving it as DELETED.
 *
 * <p>Projects judge themselves: a project event says by its members whether the caller sees it.
 * Instances are seen while their project is; when the caller's projects change (membership,
 * teams, users), the instances of a project entering or leaving the view are listed again with
 * the watch's own selectors and sent as ADDED or DELETED.
 */
final class MemberWatch {

    private static final List<String> WATCH_ONLY = List.of("watch", "resourceVersion", "resourceVersionMatch",
            "timeoutSeconds", "allowWatchBookmarks", "sendInitialEvents");

    private final MemberView view;
    private final StorageClient storage;
    private final String collection;
    private final String namespace;
    private final Map<String, List<String>> selectors;
    /** Projects this watch's client sees now: the names of projects, or the projects of instances. */
    private Set<String> visible;

    /**
     * @param collection the storage collection watched (namespaced or across namespaces)
     * @param namespace  the namespace watched, or empty for all
     * @param query      the watch's query; its selectors also select what is listed again
     */
    MemberWatch(MemberView view, StorageClient storage, String collection, String namespace,
            Map<String, List<String>> query, String name) {
        this.view = view;
        this.storage = storage;
        this.collection = collection;
        this.namespace = namespace;
        this.selectors = new HashMap<>(query);
        WATCH_ONLY.forEach(selectors::remove);
        if (!name.isEmpty()) {
            selectors.put("fieldSelector", List.of("metadata.name=" + name));
        }
        this.visible = view.visibleProjects();
    }

    /** The events a storage event becomes for this client: none, or one (maybe of another type). */
    List<JsonObject> onEvent(JsonObject event) {
        String type = Json.string(event, "type");
        if (!(event.get("object") instanceof JsonObject object) || "BOOKMARK".equals(type) || "ERROR".equals(type)) {
            return List.of(event);
        }
        String project = view.projectOf(object);
        boolean before = visible.contains(project);
        if (!view.isProjects()) {
            return before ? List.of(event) : List.of();
        }
        boolean after = view.sees(object);
        if ("DELETED".equals(type)) {
            visible.remove(project);
            return before || after ? List.of(event) : List.of();
        }
        if (after) {
            visible.add(project);
        } else {
            visible.remove(project);
        }
        if (before && after) {
            return List.of(event);
        }
        if (after) {
            return List.of(event("ADDED", object));
        }
        return before ? List.of(event("DELETED", object)) : List.of();
    }

    /** The events the caller's changed view makes: ADDED for what it now sees, DELETED for what it no longer does. */
    List<JsonObject> onViewChange() throws IOException {
        List<JsonObject> events = new ArrayList<>();
        if (view.isProjects()) {
            if (!view.refresh()) {
                return events; // a project's own changes arrive as its events
            }
            for (JsonObject project : list(collection)) {
                String name = view.projectOf(project);
                boolean before = visible.contains(name);
                boolean after = view.sees(project);
                if (before != after) {
                    events.add(event(after ? "ADDED" : "DELETED", project));
                    if (after) {
                        visible.add(name);
                    } else {
                        visible.remove(name);
                    }
                }
            }
            return events;
        }
        view.refresh();
        Set<String> now = view.visibleProjects();
        for (String project : union(visible, now)) {
            boolean entered = now.contains(project) && !visible.contains(project);
            boolean left = visible.contains(project) && !now.contains(project);
            String projectNamespace = ProjectAccess.NAMESPACE_PREFIX + project;
            if ((!entered && !left) || (!namespace.isEmpty() && !namespace.equals(projectNamespace))) {
                continue;
            }
            for (JsonObject instance : list(namespaced(projectNamespace))) {
                events.add(event(entered ? "ADDED" : "DELETED", instance));
            }
        }
        visible = now;
        return events;
    }

    private List<JsonObject> list(String path) throws IOException {
        StorageClient.Reply reply = storage.send("GET", path, selectors, null, null);
        if (reply.code() != 200) {
            throw new IOException("listing " + path + " again answered " + reply.code());
        }
        JsonObject list = reply.json();
        List<JsonObject> items = new ArrayList<>();
        for (JsonElement item : list.getAsJsonArray("items")) {
            items.add(item.getAsJsonObject());
        }
        return items;
    }

    /** The collection in one namespace: {@code .../namespaces/<ns>/<plural>} from {@code .../<plural>}. */
    private String namespaced(String projectNamespace) {
        if (!namespace.isEmpty()) {
            return collection;
        }
        int plural = collection.lastIndexOf('/');
        return collection.substring(0, plural) + "/namespaces/" + projectNamespace + collection.substring(plural);
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }

    private static JsonObject event(String type, JsonObject object) {
        JsonObject event = new JsonObject();
        event.addProperty("type", type);
        event.add("object", object);
        return event;
    }
}
