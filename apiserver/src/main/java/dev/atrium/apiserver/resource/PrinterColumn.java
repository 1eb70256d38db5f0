package dev.atrium.apiserver.resource;

/**
 * A column of {@code kubectl get}, as in a CRD's additionalPrinterColumns.
 *
 * @param type     OpenAPI type of the cell: string, integer, number, boolean or date
 * @param format   optional OpenAPI format hint (e.g. "name"), empty when none
 * @param priority 0 for a normal column, 1 for one kubectl shows only with {@code -o wide}
 * @param jsonPath simple JSONPath into the object, e.g. {@code .spec.displayName}
 */
public record PrinterColumn(String name, String type, String format, String description, int priority,
                            String jsonPath) {

    public static PrinterColumn of(String name, String type, String description, String jsonPath) {
        return new PrinterColumn(name, type, "", description, 0, jsonPath);
    }

    public static PrinterColumn wide(String name, String type, String description, String jsonPath) {
        return new PrinterColumn(name, type, "", description, 1, jsonPath);
    }

    /** The Age column every resource ends with. */
    public static PrinterColumn age() {
        return new PrinterColumn("Age", "date", "",
                "CreationTimestamp is a timestamp representing the server time when this object was created.",
                0, ".metadata.creationTimestamp");
    }
}
