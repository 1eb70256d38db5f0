package dev.atrium.apiserver.json;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import com.google.gson.JsonPrimitive;
import com.google.gson.JsonSyntaxException;
import com.google.gson.Strictness;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import com.google.gson.stream.JsonWriter;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Collection;

/** The few Gson helpers every package needs: one serializer, string arrays, null-safe reads. */
public final class Json {

    // Kubernetes clients compare bytes (ETags, hashes); HTML escaping would only obscure them.
    private static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();
    private static final Gson GSON_WITH_NULLS = new GsonBuilder().disableHtmlEscaping().serializeNulls().create();

    private Json() {
    }

    public static String toJson(JsonElement element) {
        return GSON.toJson(element);
    }

    /** With its null members, which mean something in a patch (a merge patch deletes the field). */
    public static String toJsonWithNulls(JsonElement element) {
        return GSON_WITH_NULLS.toJson(element);
    }

    /** A streaming writer with the same settings as {@link #toJson}. */
    public static JsonWriter writer(Writer out) {
        try {
            return GSON.newJsonWriter(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes {@code element} as the next value of {@code out}, as {@link #toJson} would. */
    public static void write(JsonElement element, JsonWriter out) {
        GSON.toJson(element, out);
    }

    public static byte[] toBytes(JsonElement element) {
        return toJson(element).getBytes(StandardCharsets.UTF_8);
    }

    public static JsonElement parse(String text) {
        return JsonParser.parseString(text);
    }

    /**
     * A client's JSON, read as kube-apiserver reads it: strict RFC 8259 (no unquoted or
     * single-quoted strings, comments or trailing commas, which Gson's default parsing accepts),
     * one value and nothing after it.
     *
     * @throws JsonParseException when it is not such JSON
     */
    public static JsonElement parseStrict(String text) {
        JsonReader reader = new JsonReader(new StringReader(text));
        reader.setStrictness(Strictness.STRICT);
        try {
            JsonElement element = JsonParser.parseReader(reader);
            if (reader.peek() != JsonToken.END_DOCUMENT) {
                throw new JsonSyntaxException("unexpected data after the top-level value at " + reader.getPath());
            }
            return element;
        } catch (IOException e) {
            throw new JsonSyntaxException(e);
        }
    }

    public static JsonArray strings(Collection<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }

    public static JsonArray strings(String... values) {
        JsonArray array = new JsonArray();
        for (String value : values) {
            array.add(value);
        }
        return array;
    }

    /** The string at {@code path} under {@code object}, or null when any step is missing or not a string. */
    public static String string(JsonObject object, String... path) {
        JsonElement element = at(object, path);
        return element instanceof JsonPrimitive primitive && primitive.isString() ? primitive.getAsString() : null;
    }

    /** The object at {@code path} under {@code object}, or null when any step is missing or not an object. */
    public static JsonObject object(JsonObject object, String... path) {
        JsonElement element = at(object, path);
        return element instanceof JsonObject found ? found : null;
    }

    private static JsonElement at(JsonObject object, String... path) {
        JsonElement current = object;
        for (String key : path) {
            if (!(current instanceof JsonObject currentObject)) {
                return null;
            }
            current = currentObject.get(key);
        }
        return current;
    }
}
