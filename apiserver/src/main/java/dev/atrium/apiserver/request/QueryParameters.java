package dev.atrium.apiserver.request;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A URL query string decoded into its parameters, each with all its values in order. */
public record QueryParameters(Map<String, List<String>> values) {

    public static final QueryParameters EMPTY = new QueryParameters(Map.of());

    public QueryParameters {
        values = Map.copyOf(values);
    }

    /** Parses a raw (still percent-encoded) query string, without the leading '?'; null means none. */
    public static QueryParameters parse(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) {
            return EMPTY;
        }
        Map<String, List<String>> values = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            values.computeIfAbsent(key, ignored -> new ArrayList<>()).add(value);
        }
        return new QueryParameters(values);
    }

    /** The first value of {@code name}, or null when absent. */
    public String first(String name) {
        List<String> list = values.get(name);
        return list == null || list.isEmpty() ? null : list.getFirst();
    }

    public boolean has(String name) {
        return values.containsKey(name);
    }

    private static String decode(String text) {
        return URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
