package dev.atrium.apiserver.openapi;

import dev.atrium.apiserver.resource.ResourceDefinition;

import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.stream.Collectors;

/** OpenAPI definition names as kube-apiserver forms them: the reversed group, version and kind. */
final class DefinitionNames {

    private DefinitionNames() {
    }

    /** {@code dev.atrium.management.v1.Project} */
    static String kind(ResourceDefinition resource) {
        return prefix(resource) + resource.kind();
    }

    /** {@code dev.atrium.management.v1.ProjectList} */
    static String list(ResourceDefinition resource) {
        return prefix(resource) + resource.listKind();
    }

    /** {@code ManagementAtriumDevV1}, the group version in operation IDs. */
    static String operationGroupVersion(ResourceDefinition resource) {
        return Arrays.stream(resource.group().split("[.-]"))
                .map(DefinitionNames::capitalize).collect(Collectors.joining()) + capitalize(resource.version());
    }

    /** {@code managementAtriumDev_v1}, the tag grouping a group version's operations. */
    static String tag(ResourceDefinition resource) {
        String groupVersion = operationGroupVersion(resource);
        String group = groupVersion.substring(0, groupVersion.length() - resource.version().length());
        return Character.toLowerCase(group.charAt(0)) + group.substring(1) + "_" + resource.version();
    }

    private static String prefix(ResourceDefinition resource) {
        List<String> parts = Arrays.asList(resource.group().split("\\."));
        Collections.reverse(parts);
        return String.join(".", parts) + "." + resource.version() + ".";
    }

    private static String capitalize(String word) {
        return word.isEmpty() ? word : Character.toUpperCase(word.charAt(0)) + word.substring(1);
    }
}
