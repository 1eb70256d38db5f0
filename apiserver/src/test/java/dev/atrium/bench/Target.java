package dev.atrium.bench;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * One way to reach the benchmark's objects through kube-apiserver: Atrium's teams
 * ({@code management.atrium.dev/v1}, through aggregation), the storage CRD behind them read and
 * written directly ({@code storage.atrium.dev/v1}), or sample-apiserver's flunders (through
 * aggregation to a server built on k8s.io/apiserver).
 *
 * <p>Teams, as no controller turns a team into other objects (a project would become a namespace
 * with RoleBindings, which would load the machine while it is measured). Atrium and direct share
 * the storage objects they read; the objects they write carry their {@link #key} in the name.
 *
 * @param key short name, part of object names and JSON keys
 * @param collection the collection's path
 * @param marker the spec field whose value a write sets ({@code bench-seq-<n>}) and a watch reads
 */
record Target(String key, String title, String apiVersion, String kind, String collection, String marker) {

    static final String SAMPLE_NAMESPACE = "atrium-bench";

    static Target atrium() {
        return new Target("atrium", "Atrium", "management.atrium.dev/v1", "Team", "/apis/management.atrium.dev/v1/teams",
                "description");
    }

    static Target direct() {
        return new Target("direct", "direct", "storage.atrium.dev/v1", "Team", "/apis/storage.atrium.dev/v1/teams",
                "description");
    }

    static Target sample() {
        return new Target("sample", "sample-apiserver", "wardle.example.com/v1alpha1", "Flunder",
                "/apis/wardle.example.com/v1alpha1/namespaces/" + SAMPLE_NAMESPACE + "/flunders", "reference");
    }

    String object(String name) {
        return collection + "/" + name;
    }

    /** A complete object as JSON; {@code resourceVersion} null for a create. */
    String body(String name, Map<String, String> labels, String markerValue, String resourceVersion) {
        String labelJson = labels.entrySet().stream().map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}"));
        String metadata = "\"name\":" + quote(name) + ",\"labels\":" + labelJson
                + (resourceVersion == null ? "" : ",\"resourceVersion\":" + quote(resourceVersion));
        String spec = kind.equals("Flunder")
                ? "\"reference\":" + quote(markerValue) + ",\"referenceType\":\"Flunder\""
                : "\"displayName\":\"Benchmark team\",\"description\":" + quote(markerValue)
                        + ",\"users\":[\"bench-user\"],\"groups\":[\"bench-group\"]";
        return "{\"apiVersion\":" + quote(apiVersion) + ",\"kind\":" + quote(kind) + ",\"metadata\":{" + metadata
                + "},\"spec\":{" + spec + "}}";
    }

    private static String quote(String text) {
        return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
