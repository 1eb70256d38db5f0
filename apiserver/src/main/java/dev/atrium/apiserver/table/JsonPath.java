package dev.atrium.apiserver.table;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The simple JSONPath of printer columns: {@code .a.b}, {@code .a[0].b}, {@code .a[*].b},
 * {@code .a.*} (every value of an object), {@code ['a.b']} and {@code a\.b} for keys with dots.
 * Filters, slices and recursive descent are not supported and rejected when parsed.
 */
public final class JsonPath {

    private sealed interface Step permits Key, Index, Wildcard {
    }

    private record Key(String name) implements Step {
    }

    private record Index(int index) implements Step {
    }

    private record Wildcard() implements Step {
    }

    private final String expression;
    private final List<Step> steps;

    private JsonPath(String expression, List<Step> steps) {
        this.expression = expression;
        this.steps = List.copyOf(steps);
    }

    /** @throws IllegalArgumentException when the expression is not a simple JSONPath */
    public static JsonPath parse(String expression) {
        String path = expression.trim();
        if (path.startsWith("{") && path.endsWith("}")) {
            path = path.substring(1, path.length() - 1);
        }
        if (path.startsWith("$")) {
            path = path.substring(1);
        }
        List<Step> steps = new ArrayList<>();
        int i = 0;
        while (i < path.length()) {
            char c = path.charAt(i);
            if (c == '.') {
                if (i + 1 < path.length() && path.charAt(i + 1) == '.') {
                    throw invalid(expression, "recursive descent is not supported");
                }
                int end = i + 1;
                StringBuilder key = new StringBuilder();
                while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
                    if (path.charAt(end) == '\\' && end + 1 < path.length()) {
                        end++;
                    }
                    key.append(path.charAt(end++));
                }
                if (key.isEmpty()) {
                    if (end < path.length() || i + 1 < path.length()) {
                        throw invalid(expression, "empty key");
                    }
                } else {
                    steps.add(key.toString().equals("*") ? new Wildcard() : new Key(key.toString()));
                }
                i = end;
            } else if (c == '[') {
                int close = path.indexOf(']', i);
                if (close < 0) {
                    throw invalid(expression, "unclosed [");
                }
                steps.add(bracket(expression, path.substring(i + 1, close).trim()));
                i = close + 1;
            } else {
                throw invalid(expression, "expected . or [ at " + i);
            }
        }
        return new JsonPath(expression, steps);
    }

    /** Every value the path leads to, in document order; empty when it leads nowhere. */
    public List<JsonElement> evaluate(JsonElement root) {
        List<JsonElement> current = List.of(root);
        for (Step step : steps) {
            List<JsonElement> next = new ArrayList<>();
            for (JsonElement element : current) {
                switch (step) {
                    case Key key -> {
                        if (element instanceof JsonObject object && object.has(key.name())) {
                            next.add(object.get(key.name()));
                        }
                    }
                    case Index index -> {
                        if (element instanceof JsonArray array) {
                            int at = index.index() < 0 ? array.size() + index.index() : index.index();
                            if (at >= 0 && at < array.size()) {
                                next.add(array.get(at));
                            }
                        }
                    }
                    case Wildcard ignored -> {
                        if (element instanceof JsonArray array) {
                            array.forEach(next::add);
                        } else if (element instanceof JsonObject object) {
                            object.asMap().values().forEach(next::add);
                        }
                    }
                }
            }
            current = next;
        }
        return current.stream().filter(element -> !element.isJsonNull()).toList();
    }

    @Override
    public String toString() {
        return expression;
    }

    private static Step bracket(String expression, String inside) {
        if (inside.equals("*")) {
            return new Wildcard();
        }
        if (inside.length() >= 2 && (inside.startsWith("'") && inside.endsWith("'")
                || inside.startsWith("\"") && inside.endsWith("\""))) {
            return new Key(inside.substring(1, inside.length() - 1));
        }
        try {
            return new Index(Integer.parseInt(inside));
        } catch (NumberFormatException e) {
            throw invalid(expression, "unsupported subscript [" + inside + "]");
        }
    }

    private static IllegalArgumentException invalid(String expression, String why) {
        return new IllegalArgumentException("invalid JSONPath " + expression + ": " + why);
    }
}
