package dev.atrium.apiserver.discovery;

import dev.atrium.apiserver.json.ContentHash;

/** Strong ETags for discovery and OpenAPI documents, so clients revalidate with If-None-Match. */
public final class ETag {

    private ETag() {
    }

    /** The quoted ETag header value of a document: the same bytes always give the same tag. */
    public static String of(byte[] document) {
        return "\"" + ContentHash.sha512Hex(document) + "\"";
    }

    /** Whether an If-None-Match header names {@code etag}, so the answer can be 304 Not Modified. */
    public static boolean matches(String ifNoneMatch, String etag) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String candidate : ifNoneMatch.split(",")) {
            String trimmed = candidate.trim();
            if (trimmed.startsWith("W/")) {
                trimmed = trimmed.substring(2);
            }
            if (trimmed.equals(etag) || trimmed.equals("*")) {
                return true;
            }
        }
        return false;
    }
}
