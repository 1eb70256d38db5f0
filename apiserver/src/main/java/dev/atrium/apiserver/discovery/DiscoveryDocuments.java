package dev.atrium.apiserver.discovery;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.ResourceDefinition;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery documents of the served group version: legacy discovery ({@code /apis},
 * {@code /apis/<group>}, {@code /apis/<group>/<version>}) and aggregated discovery v2, which
 * kube-aggregator fetches from {@code /apis} (see {@link #acceptsAggregated}) and merges into
 * the cluster's own.
 */
public final class DiscoveryDocuments {

    /** The media type of an aggregated discovery answer; kube-aggregator checks for it. */
    public static final String AGGREGATED_CONTENT_TYPE =
            "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    private static final List<String> STATUS_VERBS = List.of("get", "patch", "update");

    private final String group;
    private final String version;
    private final List<ResourceDefinition> resources;

    /** @param resources the resources of one group version, in the order discovery lists them */
    public DiscoveryDocuments(List<ResourceDefinition> resources) {
        if (resources.isEmpty()) {
            throw new IllegalArgumentException("no resources to discover");
        }
        this.group = resources.getFirst().group();
        this.version = resources.getFirst().version();
        for (ResourceDefinition resource : resources) {
            if (!resource.group().equals(group) || !resource.version().equals(version)) {
                throw new IllegalArgumentException(resource.plural() + " is not in " + group + "/" + version);
            }
        }
        this.resources = List.copyOf(resources);
    }

    /**
     * Whether an Accept header asks for aggregated discovery v2, as kube-aggregator and kubectl do
     * ({@code application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json}).
     * Any other answer to /apis is the legacy APIGroupList.
     */
    public static boolean acceptsAggregated(String accept) {
        if (accept == null) {
            return false;
        }
        for (String mediaRange : accept.split(",")) {
            String[] parts = mediaRange.split(";");
            if (!parts[0].trim().equalsIgnoreCase("application/json")) {
                continue;
            }
            Map<String, String> parameters = new HashMap<>();
            for (int i = 1; i < parts.length; i++) {
                String[] pair = parts[i].split("=", 2);
                if (pair.length == 2) {
                    parameters.put(pair[0].trim(), pair[1].trim());
                }
            }
            if ("apidiscovery.k8s.io".equals(parameters.get("g")) && "v2".equals(parameters.get("v"))
                    && "APIGroupDiscoveryList".equals(parameters.get("as"))) {
                return true;
            }
        }
        return false;
    }

    /** {@code /apis}: an APIGroupList with our group. */
    public JsonObject apiGroupList() {
        JsonObject list = typeMeta("APIGroupList", "v1");
        JsonArray groups = new JsonArray();
        groups.add(groupBody());
        list.add("groups", groups);
        return list;
    }

    /** {@code /apis/<group>}: the APIGroup. */
    public JsonObject apiGroup() {
        JsonObject apiGroup = typeMeta("APIGroup", "v1");
        apiGroup.asMap().putAll(groupBody().asMap());
        return apiGroup;
    }

    /** {@code /apis/<group>/<version>}: the APIResourceList, with a {@code <plural>/<sub>} entry per subresource. */
    public JsonObject apiResourceList() {
        JsonObject list = typeMeta("APIResourceList", "v1");
        list.addProperty("groupVersion", groupVersion());
        JsonArray entries = new JsonArray();
        for (ResourceDefinition resource : resources) {
            JsonObject entry = new JsonObject();
            entry.addProperty("name", resource.plural());
            entry.addProperty("singularName", resource.singular());
            entry.addProperty("namespaced", resource.namespaced());
            entry.addProperty("kind", resource.kind());
            entry.add("verbs", Json.strings(resource.verbs()));
            if (!resource.shortNames().isEmpty()) {
                entry.add("shortNames", Json.strings(resource.shortNames()));
            }
            if (!resource.categories().isEmpty()) {
                entry.add("categories", Json.strings(resource.categories()));
            }
            entries.add(entry);
            for (String subresource : resource.subresources()) {
                JsonObject sub = new JsonObject();
                sub.addProperty("name", resource.plural() + "/" + subresource);
                sub.addProperty("singularName", "");
                sub.addProperty("namespaced", resource.namespaced());
                sub.addProperty("kind", resource.kind());
                sub.add("verbs", Json.strings(STATUS_VERBS));
                entries.add(sub);
            }
        }
        list.add("resources", entries);
        return list;
    }

    /** Aggregated discovery for {@code /apis}: an APIGroupDiscoveryList holding our group. */
    public JsonObject apiGroupDiscoveryList() {
        JsonObject list = typeMeta("APIGroupDiscoveryList", "apidiscovery.k8s.io/v2");
        list.add("metadata", new JsonObject());
        JsonArray items = new JsonArray();
        items.add(apiGroupDiscovery());
        list.add("items", items);
        return list;
    }

    /** Our group in aggregated discovery: an APIGroupDiscovery with one version. */
    public JsonObject apiGroupDiscovery() {
        JsonObject groupDiscovery = typeMeta("APIGroupDiscovery", "apidiscovery.k8s.io/v2");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", group);
        groupDiscovery.add("metadata", metadata);
        JsonArray versions = new JsonArray();
        versions.add(apiVersionDiscovery());
        groupDiscovery.add("versions", versions);
        return groupDiscovery;
    }

    /** Our version in aggregated discovery: every resource and subresource with its responseKind. */
    public JsonObject apiVersionDiscovery() {
        JsonObject versionDiscovery = new JsonObject();
        versionDiscovery.addProperty("version", version);
        JsonArray entries = new JsonArray();
        for (ResourceDefinition resource : resources) {
            JsonObject entry = new JsonObject();
            entry.addProperty("resource", resource.plural());
            entry.add("responseKind", responseKind(resource));
            entry.addProperty("scope", resource.scope());
            entry.addProperty("singularResource", resource.singular());
            entry.add("verbs", Json.strings(resource.verbs()));
            if (!resource.shortNames().isEmpty()) {
                entry.add("shortNames", Json.strings(resource.shortNames()));
            }
            if (!resource.categories().isEmpty()) {
                entry.add("categories", Json.strings(resource.categories()));
            }
            if (!resource.subresources().isEmpty()) {
                JsonArray subresources = new JsonArray();
                for (String subresource : resource.subresources()) {
                    JsonObject sub = new JsonObject();
                    sub.addProperty("subresource", subresource);
                    sub.add("responseKind", responseKind(resource));
                    sub.add("verbs", Json.strings(STATUS_VERBS));
                    subresources.add(sub);
                }
                entry.add("subresources", subresources);
            }
            entries.add(entry);
        }
        versionDiscovery.add("resources", entries);
        versionDiscovery.addProperty("freshness", "Current");
        return versionDiscovery;
    }

    private JsonObject groupBody() {
        JsonObject versionEntry = new JsonObject();
        versionEntry.addProperty("groupVersion", groupVersion());
        versionEntry.addProperty("version", version);
        JsonArray versions = new JsonArray();
        versions.add(versionEntry);
        JsonObject body = new JsonObject();
        body.addProperty("name", group);
        body.add("versions", versions);
        body.add("preferredVersion", versionEntry.deepCopy());
        return body;
    }

    private JsonObject responseKind(ResourceDefinition resource) {
        JsonObject kind = new JsonObject();
        kind.addProperty("group", group);
        kind.addProperty("version", version);
        kind.addProperty("kind", resource.kind());
        return kind;
    }

    private String groupVersion() {
        return group + "/" + version;
    }

    private static JsonObject typeMeta(String kind, String apiVersion) {
        JsonObject object = new JsonObject();
        object.addProperty("kind", kind);
        object.addProperty("apiVersion", apiVersion);
        return object;
    }
}
