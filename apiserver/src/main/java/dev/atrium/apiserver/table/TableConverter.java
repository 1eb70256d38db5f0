package dev.atrium.apiserver.table;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.PrinterColumn;
import dev.atrium.apiserver.resource.ResourceDefinition;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders objects of one resource as a {@code meta.k8s.io/v1} Table ({@code kubectl get}): a Name
 * column, the definition's printer columns, and Age; cells computed like kube-apiserver does for
 * CRD printer columns.
 */
public final class TableConverter {

    private static final PrinterColumn NAME = new PrinterColumn("Name", "string", "name",
            "Name must be unique within a namespace. Is required when creating resources, although some resources "
                    + "may allow a client to request the generation of an appropriate name automatically. Name is "
                    + "primarily intended for creation idempotence and configuration definition. Cannot be updated.",
            0, ".metadata.name");

    private record Column(PrinterColumn definition, JsonPath path) {
    }

    private final List<Column> columns;
    private final Clock clock;

    public TableConverter(ResourceDefinition resource) {
        this(resource, Clock.systemUTC());
    }

    public TableConverter(ResourceDefinition resource, Clock clock) {
        List<Column> all = new ArrayList<>();
        all.add(new Column(NAME, JsonPath.parse(NAME.jsonPath())));
        for (PrinterColumn column : resource.additionalPrinterColumns()) {
            all.add(new Column(column, JsonPath.parse(column.jsonPath())));
        }
        this.columns = List.copyOf(all);
        this.clock = clock;
    }

    /** A Table of the items of a list, keeping the list's resourceVersion and continue token. */
    public JsonObject list(JsonObject list, TableOptions options) {
        JsonObject metadata = listMetadata(Json.object(list, "metadata"));
        JsonArray rows = new JsonArray();
        if (list.get("items") instanceof JsonArray items) {
            for (JsonElement item : items) {
                rows.add(row(item.getAsJsonObject(), options));
            }
        }
        return table(metadata, rows, options);
    }

    /** A Table's metadata for a list: its resourceVersion and continue token (and remainingItemCount). */
    public static JsonObject listMetadata(JsonObject listMeta) {
        JsonObject metadata = new JsonObject();
        if (listMeta != null) {
            for (String key : List.of("resourceVersion", "continue", "remainingItemCount")) {
                if (listMeta.has(key)) {
                    metadata.add(key, listMeta.get(key).deepCopy());
                }
            }
        }
        return metadata;
    }

    /** A Table of one object, for a get or a watch event. */
    public JsonObject object(JsonObject object, TableOptions options) {
        JsonObject metadata = new JsonObject();
        String resourceVersion = Json.string(object, "metadata", "resourceVersion");
        if (resourceVersion != null) {
            metadata.addProperty("resourceVersion", resourceVersion);
        }
        JsonArray rows = new JsonArray();
        rows.add(row(object, options));
        return table(metadata, rows, options);
    }

    public JsonArray columnDefinitions(TableOptions options) {
        JsonArray definitions = new JsonArray();
        for (Column column : visible(options)) {
            PrinterColumn printer = column.definition();
            JsonObject definition = new JsonObject();
            definition.addProperty("name", printer.name());
            definition.addProperty("type", printer.type());
            definition.addProperty("format", printer.format());
            definition.addProperty("description", printer.description());
            definition.addProperty("priority", printer.priority());
            definitions.add(definition);
        }
        return definitions;
    }

    private JsonObject table(JsonObject metadata, JsonArray rows, TableOptions options) {
        JsonObject table = new JsonObject();
        table.addProperty("kind", "Table");
        table.addProperty("apiVersion", "meta.k8s.io/v1");
        table.add("metadata", metadata);
        if (!options.noHeaders()) {
            table.add("columnDefinitions", columnDefinitions(options));
        }
        table.add("rows", rows);
        return table;
    }

    /** The row of one object. */
    public JsonObject row(JsonObject object, TableOptions options) {
        JsonArray cells = new JsonArray();
        for (Column column : visible(options)) {
            cells.add(cell(column, object));
        }
        JsonObject row = new JsonObject();
        row.add("cells", cells);
        switch (options.includeObject()) {
            case NONE -> {
            }
            case METADATA -> row.add("object", partialObjectMetadata(object));
            case OBJECT -> row.add("object", object.deepCopy());
        }
        return row;
    }

    private List<Column> visible(TableOptions options) {
        return options.includePriorityColumns() ? columns
                : columns.stream().filter(column -> column.definition().priority() == 0).toList();
    }

    private JsonElement cell(Column column, JsonObject object) {
        List<JsonElement> values = column.path().evaluate(object);
        if (values.isEmpty()) {
            return JsonNull.INSTANCE;
        }
        JsonElement first = values.getFirst();
        return switch (column.definition().type()) {
            case "string" -> new JsonPrimitive(values.stream().map(TableConverter::text).collect(Collectors.joining(",")));
            case "date" -> age(first);
            case "integer" -> first instanceof JsonPrimitive p && p.isNumber()
                    ? new JsonPrimitive(p.getAsBigDecimal().longValue()) : JsonNull.INSTANCE;
            case "number" -> first instanceof JsonPrimitive p && p.isNumber() ? p : JsonNull.INSTANCE;
            case "boolean" -> first instanceof JsonPrimitive p && p.isBoolean() ? p : JsonNull.INSTANCE;
            default -> new JsonPrimitive(text(first));
        };
    }

    private JsonElement age(JsonElement value) {
        if (!(value instanceof JsonPrimitive primitive) || !primitive.isString()) {
            return JsonNull.INSTANCE;
        }
        try {
            Instant then = OffsetDateTime.parse(primitive.getAsString()).toInstant();
            return new JsonPrimitive(HumanDuration.format(Duration.between(then, clock.instant())));
        } catch (DateTimeParseException e) {
            return new JsonPrimitive("<unknown>");
        }
    }

    private static String text(JsonElement value) {
        return value instanceof JsonPrimitive primitive ? primitive.getAsString() : Json.toJson(value);
    }

    private static JsonObject partialObjectMetadata(JsonObject object) {
        JsonObject partial = new JsonObject();
        partial.addProperty("kind", "PartialObjectMetadata");
        partial.addProperty("apiVersion", "meta.k8s.io/v1");
        JsonObject metadata = Json.object(object, "metadata");
        partial.add("metadata", metadata == null ? new JsonObject() : metadata.deepCopy());
        return partial;
    }
}
