package dev.atrium.apiserver.resource;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The storage CRDs as the files of the Helm chart's {@code crds/} folder (JSON, which is YAML).
 * {@code hack/update-crds} writes them; a unit test fails when the committed files drift.
 */
public final class CrdManifests {

    private CrdManifests() {}

    /** File name to content, one file per CRD. */
    public static Map<String, String> render() {
        var pretty = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        Map<String, String> files = new TreeMap<>();
        for (JsonObject crd : CustomResourceDefinitions.all()) {
            files.put(Json.string(crd, "metadata", "name") + ".yaml", pretty.toJson(crd) + "\n");
        }
        return files;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: CrdManifests <directory>");
            System.exit(2);
        }
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (var file : render().entrySet()) {
            Files.writeString(dir.resolve(file.getKey()), file.getValue());
        }
    }
}
