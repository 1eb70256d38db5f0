package dev.atrium.apiserver.request;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Turns method, path and query into a {@link RequestInfo}, with the rules of k8s.io/apiserver's
 * RequestInfoFactory: prefixes {@code /api} (no group) and {@code /apis}, the legacy
 * {@code /watch/} and {@code /proxy/} path verbs, namespace subresources, list vs. watch from
 * {@code ?watch}, deletecollection, the name of a list or watch narrowed by
 * {@code fieldSelector=metadata.name=<name>}, and the selectors for authorization.
 */
public final class RequestInfoParser {

    private static final Set<String> API_PREFIXES = Set.of("api", "apis");
    private static final Set<String> GROUPLESS_API_PREFIXES = Set.of("api");
    private static final Set<String> SPECIAL_VERBS = Set.of("proxy", "watch");
    private static final Set<String> SPECIAL_VERBS_WITHOUT_SUBRESOURCES = Set.of("proxy");
    // Lets /namespaces/<ns>/status be a namespace's subresource rather than a resource in <ns>.
    private static final Set<String> NAMESPACE_SUBRESOURCES = Set.of("status", "finalize");
    private static final Set<String> VERBS_WITH_SELECTORS = Set.of("list", "watch", "deletecollection");

    private RequestInfoParser() {
    }

    /** @param path the decoded URL path */
    public static RequestInfo parse(String method, String path, QueryParameters query) {
        List<String> parts = split(path);
        if (parts.size() < 3 || !API_PREFIXES.contains(parts.getFirst())) {
            return RequestInfo.nonResource(path, method);
        }
        String apiPrefix = parts.getFirst();
        parts = parts.subList(1, parts.size());
        String apiGroup = "";
        if (!GROUPLESS_API_PREFIXES.contains(apiPrefix)) {
            if (parts.size() < 3) {
                return RequestInfo.nonResource(path, method);
            }
            apiGroup = parts.getFirst();
            parts = parts.subList(1, parts.size());
        }
        String apiVersion = parts.getFirst();
        parts = parts.subList(1, parts.size());

        String verb;
        boolean verbViaPath = SPECIAL_VERBS.contains(parts.getFirst());
        if (verbViaPath) {
            verb = parts.getFirst();
            if (parts.size() < 2) {
                // "/apis/g/v/watch" names no resource; k8s.io/apiserver reports an error here.
                return RequestInfo.nonResource(path, method);
            }
            parts = parts.subList(1, parts.size());
        } else {
            verb = switch (method.toUpperCase()) {
                case "POST" -> "create";
                case "GET", "HEAD" -> "get";
                case "PUT" -> "update";
                case "PATCH" -> "patch";
                case "DELETE" -> "delete";
                default -> "";
            };
        }

        String namespace = "";
        if (parts.getFirst().equals("namespaces") && parts.size() > 1) {
            namespace = parts.get(1);
            if (parts.size() > 2 && !NAMESPACE_SUBRESOURCES.contains(parts.get(2))) {
                parts = parts.subList(2, parts.size());
            }
        }

        String resource = parts.getFirst();
        String name = parts.size() >= 2 ? parts.get(1) : "";
        String subresource = parts.size() >= 3 && !SPECIAL_VERBS_WITHOUT_SUBRESOURCES.contains(verb)
                ? parts.get(2) : "";

        if (name.isEmpty() && verb.equals("get")) {
            verb = watchRequested(query) ? "watch" : "list";
            name = nameFromFieldSelector(query.first("fieldSelector"));
        }
        if (name.isEmpty() && verb.equals("delete")) {
            verb = "deletecollection";
        }
        String fieldSelector = "";
        String labelSelector = "";
        // The deprecated /watch/ paths do not apply selectors consistently, so none are reported for them.
        if (!verbViaPath && VERBS_WITH_SELECTORS.contains(verb)) {
            fieldSelector = Objects.requireNonNullElse(query.first("fieldSelector"), "");
            labelSelector = Objects.requireNonNullElse(query.first("labelSelector"), "");
        }
        return new RequestInfo(true, path, verb, apiPrefix, apiGroup, apiVersion, namespace, resource, subresource,
                name, parts, fieldSelector, labelSelector);
    }

    // Any value but "false" or "0" (even an empty one) means true, as for every bool query parameter.
    private static boolean watchRequested(QueryParameters query) {
        String watch = query.first("watch");
        return watch != null && !watch.equalsIgnoreCase("false") && !watch.equals("0");
    }

    /** The name a field selector requires exactly, or empty when it requires none or does not parse. */
    static String nameFromFieldSelector(String selector) {
        if (selector == null || selector.isEmpty()) {
            return "";
        }
        String found = "";
        for (String term : FieldSelectorTerms.split(selector)) {
            FieldSelectorTerms.Term parsed = FieldSelectorTerms.parse(term);
            if (parsed == null) {
                return "";
            }
            if (found.isEmpty() && parsed.field().equals("metadata.name") && !parsed.operator().equals("!=")) {
                found = parsed.value();
            }
        }
        return isValidPathSegment(found) ? found : "";
    }

    private static boolean isValidPathSegment(String name) {
        return !name.equals(".") && !name.equals("..") && !name.contains("/") && !name.contains("%");
    }

    private static List<String> split(String path) {
        String trimmed = path == null ? "" : path.replaceAll("^/+|/+$", "");
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("/", -1));
    }
}
