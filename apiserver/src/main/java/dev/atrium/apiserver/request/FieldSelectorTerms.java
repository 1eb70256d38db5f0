package dev.atrium.apiserver.request;

import java.util.ArrayList;
import java.util.List;

/** The syntax of field selectors ({@code a=b,c!=d}, with {@code \,} {@code \=} {@code \\} escapes). */
final class FieldSelectorTerms {

    record Term(String field, String operator, String value) {
    }

    // Longest first, so "a!=b" is not read as the field "a!" equal to "b".
    private static final String[] OPERATORS = {"!=", "==", "="};

    private FieldSelectorTerms() {
    }

    /** Splits a selector at its unescaped commas; escapes stay in the terms. */
    static List<String> split(String selector) {
        List<String> terms = new ArrayList<>();
        StringBuilder term = new StringBuilder();
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (c == '\\' && i + 1 < selector.length()) {
                term.append(c).append(selector.charAt(++i));
            } else if (c == ',') {
                terms.add(term.toString());
                term.setLength(0);
            } else {
                term.append(c);
            }
        }
        terms.add(term.toString());
        return terms;
    }

    /** The term's field, operator and unescaped value, or null when it is not a valid term. */
    static Term parse(String term) {
        for (int i = 0; i < term.length(); i++) {
            if (term.charAt(i) == '\\') {
                i++;
                continue;
            }
            for (String operator : OPERATORS) {
                if (term.startsWith(operator, i)) {
                    String value = unescape(term.substring(i + operator.length()));
                    return value == null ? null : new Term(term.substring(0, i), operator, value);
                }
            }
        }
        return null;
    }

    private static String unescape(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\') {
                if (i + 1 >= value.length() || "\\,=".indexOf(value.charAt(i + 1)) < 0) {
                    return null;
                }
                out.append(value.charAt(++i));
            } else if (c == ',' || c == '=') {
                return null;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
