package dev.atrium.apiserver.quota;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.access.ProjectAccess;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PlatformResources;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.storage.StorageClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Project quotas on instance creates, exact across replicas. Before a create, the replica claims
 * the new name in the project's ledger (a ConfigMap in Atrium's namespace, written with a
 * resourceVersion precondition, so concurrent claims are serialized by kube-apiserver). A claim
 * is refused when the instances that exist plus the claims still in flight reach the quota.
 * Once kube-apiserver answered the create, the claim is released (the instance now counts by
 * itself, or was not made); a claim a crashed replica left expires after {@link #CLAIM_GRACE}.
 */
public final class QuotaLedger {

    static final Duration CLAIM_GRACE = Duration.ofSeconds(30);
    private static final Map<ResourceDefinition, QuotaKind> KINDS = Map.of(
            PlatformResources.SPACE_INSTANCES, new QuotaKind("spaceInstances", "space instances"),
            PlatformResources.VIRTUAL_CLUSTER_INSTANCES,
            new QuotaKind("virtualClusterInstances", "virtual cluster instances"));
    private static final int ATTEMPTS = 20;
    private static final Logger LOG = LoggerFactory.getLogger(QuotaLedger.class);

    private final StorageClient kube;
    private final String namespace;
    private final Clock clock;

    /** @param namespace Atrium's own namespace, where tenants have no access to the ledgers */
    public QuotaLedger(StorageClient kube, String namespace, Clock clock) {
        this.kube = kube;
        this.namespace = namespace;
        this.clock = clock;
    }

    private record QuotaKind(String field, String description) {}

    /**
     * Admits creating {@code name} in {@code instanceNamespace} or throws 403 naming the quota.
     * A dry run is checked but claims nothing.
     */
    public Claim admit(ResourceDefinition resource, String instanceNamespace, String name, boolean dryRun)
            throws IOException {
        QuotaKind kind = KINDS.get(resource);
        Optional<String> project = ProjectAccess.projectOfNamespace(instanceNamespace);
        if (kind == null || project.isEmpty()) {
            return Claim.NONE;
        }
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Optional<JsonObject> projectObject = get(projectPath(project.get()));
            Optional<Long> limit = projectObject.flatMap(p -> limit(p, kind));
            if (limit.isEmpty()) {
                return Claim.NONE; // no project, or no quota for this kind
            }
            Optional<JsonObject> ledger = get(ledgerPath(project.get()));
            Claims claims = Claims.parse(ledger.map(l -> Json.string(l, "data", resource.plural())).orElse(null))
                    .withoutExpired(clock.millis(), CLAIM_GRACE);
            Set<String> holders = new TreeSet<>(existing(resource, instanceNamespace));
            if (holders.contains(name) || claims.contains(name)) {
                return Claim.NONE; // kube-apiserver answers AlreadyExists, or one of two racing creates of it does
            }
            holders.addAll(claims.names());
            if (holders.size() >= limit.get()) {
                throw StatusException.forbidden(resource.group(), resource.plural(), name,
                        "exceeded quota: project \"%s\" allows %d %s (spec.quotas.%s), %d in use".formatted(
                                project.get(), limit.get(), kind.description(), kind.field(), holders.size()));
            }
            if (dryRun) {
                return Claim.NONE;
            }
            if (write(project.get(), Optional.of(projectObject.get()), ledger, resource.plural(),
                    claims.with(name, clock.millis()))) {
                return new Claim(project.get(), resource.plural(), name);
            }
        }
        throw StatusException.tooManyRequests("too many concurrent creates in project \"" + project.get()
                + "\"; try again", 1);
    }

    /** A name claimed in a project's ledger; {@link #NONE} when the create needed no claim. */
    public record Claim(String project, String key, String name) {
        public static final Claim NONE = new Claim("", "", "");
    }

    /**
     * Gives a claim up once kube-apiserver answered the create it stood for. Best effort: a
     * claim that stays expires after {@link #CLAIM_GRACE}.
     */
    public void release(Claim claim) {
        if (claim == Claim.NONE) {
            return;
        }
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<JsonObject> ledger = get(ledgerPath(claim.project()));
                Claims claims = Claims.parse(ledger.map(l -> Json.string(l, "data", claim.key())).orElse(null));
                if (ledger.isEmpty() || !claims.contains(claim.name())
                        || write(claim.project(), Optional.empty(), ledger, claim.key(), claims.without(claim.name()))) {
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("releasing the quota claim of {} in project {}: {}", claim.name(), claim.project(), e.toString());
        }
    }

    private static Optional<Long> limit(JsonObject project, QuotaKind kind) {
        JsonObject quotas = Json.object(project, "spec", "quotas");
        JsonElement value = quotas == null ? null : quotas.get(kind.field());
        return value != null && value.isJsonPrimitive() && value.getAsJsonPrimitive().isNumber()
                ? Optional.of(value.getAsLong()) : Optional.empty();
    }

    private List<String> existing(ResourceDefinition resource, String instanceNamespace) throws IOException {
        String path = "/apis/" + resource.storageApiVersion() + "/namespaces/" + instanceNamespace + "/" + resource.plural();
        JsonObject list = read(kube.send("GET", path, Map.of(), null, null), path).orElseThrow(
                () -> new IOException(path + " not found"));
        JsonArray items = list.getAsJsonArray("items");
        return items.asList().stream().map(item -> Json.string(item.getAsJsonObject(), "metadata", "name")).toList();
    }

    /** Writes the ledger conditionally; false when another replica wrote it first. */
    private boolean write(String project, Optional<JsonObject> projectObject, Optional<JsonObject> ledger, String key,
            Claims claims) throws IOException {
        JsonObject configMap = ledger.map(JsonObject::deepCopy).orElseGet(() -> newLedger(project, projectObject.orElseThrow()));
        JsonObject data = Json.object(configMap, "data");
        if (data == null) {
            data = new JsonObject();
            configMap.add("data", data);
        }
        data.addProperty(key, claims.toJson());
        byte[] body = Json.toBytes(configMap);
        StorageClient.Reply reply = ledger.isPresent()
                ? kube.send("PUT", ledgerPath(project), Map.of(), "application/json", body)
                : kube.send("POST", "/api/v1/namespaces/" + namespace + "/configmaps", Map.of(), "application/json", body);
        if (reply.code() == 409) {
            return false;
        }
        if (reply.code() >= 300) {
            throw new IOException("writing the quota ledger of project " + project + " answered " + reply.code()
                    + ": " + new String(reply.body(), StandardCharsets.UTF_8));
        }
        return true;
    }

    /** Owned by the project's storage object, so the garbage collector removes it with the project. */
    private JsonObject newLedger(String project, JsonObject projectObject) {
        JsonObject owner = new JsonObject();
        owner.addProperty("apiVersion", PlatformResources.PROJECTS.storageApiVersion());
        owner.addProperty("kind", PlatformResources.PROJECTS.kind());
        owner.addProperty("name", project);
        owner.addProperty("uid", Json.string(projectObject, "metadata", "uid"));
        JsonArray owners = new JsonArray();
        owners.add(owner);
        JsonObject labels = new JsonObject();
        labels.addProperty("atrium.dev/project", project);
        JsonObject metadata = new JsonObject();
        metadata.addProperty("name", ledgerName(project));
        metadata.addProperty("namespace", namespace);
        metadata.add("labels", labels);
        metadata.add("ownerReferences", owners);
        JsonObject configMap = new JsonObject();
        configMap.addProperty("apiVersion", "v1");
        configMap.addProperty("kind", "ConfigMap");
        configMap.add("metadata", metadata);
        return configMap;
    }

    private Optional<JsonObject> get(String path) throws IOException {
        return read(kube.send("GET", path, Map.of(), null, null), path);
    }

    private static Optional<JsonObject> read(StorageClient.Reply reply, String path) throws IOException {
        if (reply.code() == 404) {
            return Optional.empty();
        }
        if (reply.code() != 200) {
            throw new IOException("GET " + path + " answered " + reply.code());
        }
        return Optional.of(reply.json());
    }

    private static String projectPath(String project) {
        return "/apis/" + PlatformResources.PROJECTS.storageApiVersion() + "/" + PlatformResources.PROJECTS.plural()
                + "/" + project;
    }

    private String ledgerPath(String project) {
        return "/api/v1/namespaces/" + namespace + "/configmaps/" + ledgerName(project);
    }

    /** {@code atrium-quota-<project>}; a project name is a DNS label here (its namespace is p-<name>). */
    static String ledgerName(String project) {
        return "atrium-quota-" + project;
    }
}
