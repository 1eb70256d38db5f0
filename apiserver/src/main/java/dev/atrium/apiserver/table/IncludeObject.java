package dev.atrium.apiserver.table;

import java.util.Locale;

/** The {@code includeObject} parameter of Table requests: what each row carries besides its cells. */
public enum IncludeObject {
    /** No object. */
    NONE,
    /** A PartialObjectMetadata: what kubectl needs for names, labels and follow-up requests. The default. */
    METADATA,
    /** The whole object. */
    OBJECT;

    /** Parses the query value ({@code None}, {@code Metadata}, {@code Object}); null or empty means the default. */
    public static IncludeObject parse(String value) {
        if (value == null || value.isEmpty()) {
            return METADATA;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "metadata" -> METADATA;
            case "object" -> OBJECT;
            default -> throw new IllegalArgumentException("includeObject must be None, Metadata or Object, not " + value);
        };
    }
}
