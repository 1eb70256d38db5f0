package dev.atrium.apiserver.storage;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonPrimitive;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.status.StatusException;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.Tag;

import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads a YAML request body into JSON: a server-side apply body ({@code application/apply-patch+yaml})
 * or a create or update body sent as {@code application/yaml}. kubectl and client-go send JSON,
 * which is parsed as such; real YAML is read with SnakeYAML
 * (YAML 1.1, like the sigs.k8s.io/yaml kube-apiserver uses) and forwarded as JSON, which is valid
 * YAML too. Differences left: timestamps stay strings (as in kube-apiserver), but other YAML 1.1
 * quirks follow SnakeYAML, e.g. sexagesimal numbers such as {@code 1:30}; comments, anchors and
 * key order are not preserved.
 */
public final class YamlDocument {

    private static final int MAX_ALIASES = 50;
    private static final String PATCH_ERROR = "error decoding patch: ";

    private YamlDocument() {
    }

    static JsonObject applyPatch(String body) {
        return parse(body, PATCH_ERROR);
    }

    /** A create or update body of media type {@code application/yaml}, one object. */
    public static JsonObject object(String body) {
        return parse(body, "error converting YAML to JSON: ");
    }

    private static JsonObject parse(String body, String error) {
        String trimmed = body.stripLeading();
        if (trimmed.startsWith("{")) {
            try {
                return Json.parse(trimmed).getAsJsonObject();
            } catch (JsonParseException | IllegalStateException e) {
                throw StatusException.badRequest(error + e.getMessage());
            }
        }
        return parseYaml(body, error);
    }

    private static JsonObject parseYaml(String body, String error) {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(MAX_ALIASES);
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new TimestampsAsStrings(options));
        try {
            Iterator<Object> documents = yaml.loadAll(body).iterator();
            Object document = documents.hasNext() ? documents.next() : null;
            if (documents.hasNext()) {
                throw StatusException.badRequest(error + "the body holds more than one YAML document");
            }
            if (!(toJson(document) instanceof JsonObject object)) {
                throw StatusException.badRequest(error + "the body must be an object");
            }
            return object;
        } catch (YAMLException e) {
            throw StatusException.badRequest(error + e.getMessage());
        }
    }

    private static JsonElement toJson(Object value) {
        return switch (value) {
            case null -> JsonNull.INSTANCE;
            case Map<?, ?> map -> {
                JsonObject object = new JsonObject();
                map.forEach((key, item) -> object.add(String.valueOf(key), toJson(item)));
                yield object;
            }
            case List<?> list -> {
                JsonArray array = new JsonArray();
                list.forEach(item -> array.add(toJson(item)));
                yield array;
            }
            case String text -> new JsonPrimitive(text);
            case Number number -> new JsonPrimitive(number);
            case Boolean bool -> new JsonPrimitive(bool);
            case byte[] bytes -> new JsonPrimitive(Base64.getEncoder().encodeToString(bytes));
            default -> new JsonPrimitive(value.toString());
        };
    }

    /** SnakeYAML would turn {@code 2024-01-01} into a Date; Kubernetes keeps the text. */
    private static final class TimestampsAsStrings extends SafeConstructor {
        TimestampsAsStrings(LoaderOptions options) {
            super(options);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
        }
    }
}
