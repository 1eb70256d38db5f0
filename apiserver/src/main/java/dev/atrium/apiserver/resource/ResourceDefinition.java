package dev.atrium.apiserver.resource;

import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything the API server knows about one served resource: names, scope, verbs, subresources,
 * printer columns and the schema of spec and status. Discovery, OpenAPI, Table output, the storage
 * CRD and the management/storage translation are all derived from this one record.
 *
 * @param printerColumns the resource's own columns; Name (first) and Age (last) are implied
 * @param description    the kind's description, shown by {@code kubectl explain}
 * @param storageGroup   the API group of the storage CRD holding the objects (same version, plural and kind);
 *                       empty for a resource that is computed, never stored
 */
public record ResourceDefinition(
        String group,
        String version,
        String plural,
        String singular,
        String kind,
        String listKind,
        boolean namespaced,
        List<String> shortNames,
        List<String> categories,
        List<String> verbs,
        List<String> subresources,
        List<PrinterColumn> printerColumns,
        String description,
        JsonObject specSchema,
        JsonObject statusSchema,
        String storageGroup) {

    public static final String STATUS = "status";

    public ResourceDefinition {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        verbs = List.copyOf(verbs);
        subresources = List.copyOf(subresources);
        printerColumns = List.copyOf(printerColumns);
        specSchema = specSchema.deepCopy();
        statusSchema = statusSchema.deepCopy();
    }

    // Schemas are mutable Gson trees: hand out copies so no caller can change the definition.
    @Override
    public JsonObject specSchema() {
        return specSchema.deepCopy();
    }

    @Override
    public JsonObject statusSchema() {
        return statusSchema.deepCopy();
    }

    /** Whether objects are kept in a storage CRD (false: computed per request, like {@code selves}). */
    public boolean stored() {
        return !storageGroup.isEmpty();
    }

    public boolean supports(String verb) {
        return verbs.contains(verb);
    }

    /** {@code management.atrium.dev/v1} */
    public String apiVersion() {
        return group + "/" + version;
    }

    /** {@code storage.atrium.dev/v1} */
    public String storageApiVersion() {
        return storageGroup + "/" + version;
    }

    /** {@code projects.management.atrium.dev}, as in error messages. */
    public String groupResource() {
        return plural + "." + group;
    }

    /** {@code projects.storage.atrium.dev}, the storage CRD's name. */
    public String storageGroupResource() {
        return plural + "." + storageGroup;
    }

    /** {@code Namespaced} or {@code Cluster}, as CRDs and aggregated discovery spell it. */
    public String scope() {
        return namespaced ? "Namespaced" : "Cluster";
    }

    public boolean hasSubresource(String subresource) {
        return subresources.contains(subresource);
    }

    /** The printer columns after Name, ending with Age. */
    public List<PrinterColumn> additionalPrinterColumns() {
        List<PrinterColumn> columns = new ArrayList<>(printerColumns);
        columns.add(PrinterColumn.age());
        return List.copyOf(columns);
    }
}
