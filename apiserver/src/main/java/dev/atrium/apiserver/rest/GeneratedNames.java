package dev.atrium.apiserver.rest;

import com.google.gson.JsonObject;
import dev.atrium.apiserver.json.Json;
import java.security.SecureRandom;

/**
 * Names from {@code metadata.generateName}, made here rather than by kube-apiserver so that a
 * create is admitted (quotas) under the name it will have. Same form as kube-apiserver's: the
 * prefix, cut so the whole fits 63 characters, and five characters without vowels.
 */
final class GeneratedNames {

    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";
    private static final int RANDOM_LENGTH = 5;
    private static final int MAX_PREFIX = 63 - RANDOM_LENGTH;
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedNames() {
    }

    /** The object's name, after giving it one from its generateName when it has none. */
    static String assign(JsonObject object) {
        JsonObject metadata = Json.object(object, "metadata");
        String name = metadata == null ? null : Json.string(metadata, "name");
        if (name != null && !name.isEmpty()) {
            return name;
        }
        String prefix = metadata == null ? null : Json.string(metadata, "generateName");
        if (prefix == null || prefix.isEmpty()) {
            return ""; // kube-apiserver answers that a name is required
        }
        if (prefix.length() > MAX_PREFIX) {
            prefix = prefix.substring(0, MAX_PREFIX);
        }
        StringBuilder generated = new StringBuilder(prefix);
        for (int i = 0; i < RANDOM_LENGTH; i++) {
            generated.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        metadata.addProperty("name", generated.toString());
        return generated.toString();
    }
}
