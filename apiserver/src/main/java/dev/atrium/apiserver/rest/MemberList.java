package dev.atrium.apiserver.rest;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import dev.atrium.apiserver.access.MemberView;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.storage.StorageClient;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A list for a caller who is not a global admin, with pages filled as kube-apiserver fills them
 * for selectors: a page of {@code limit} holds {@code limit} items whenever that many more are
 * visible. Storage pages after the first ask for only the items still missing, so they never hold
 * more visible items than fit, and the last one's continue token is where the next page starts.
 */
final class MemberList {

    private MemberList() {}

    /** @param list kube-apiserver's (successful) answer to the list as asked; filtered and filled in place */
    static JsonObject fill(MemberView view, StorageClient storage, String collection, Map<String, List<String>> query,
            JsonObject list) throws IOException {
        view.filterList(list);
        long limit = limit(query);
        JsonArray items = list.getAsJsonArray("items");
        String next = continueOf(list);
        while (limit > 0 && items != null && items.size() < limit && !next.isEmpty()) {
            Map<String, List<String>> page = new HashMap<>(query);
            page.put("limit", List.of(Long.toString(limit - items.size())));
            page.put("continue", List.of(next));
            // The token carries the list's resourceVersion; kube-apiserver refuses both at once.
            page.remove("resourceVersion");
            page.remove("resourceVersionMatch");
            StorageClient.Reply reply = storage.send("GET", collection, page, null, null);
            if (reply.code() >= 400) {
                break; // e.g. 410 Gone: the client gets the items so far and the token that fails for it too
            }
            JsonObject more = view.filterList(reply.json());
            if (more.get("items") instanceof JsonArray moreItems) {
                items.addAll(moreItems);
            }
            next = continueOf(more);
        }
        JsonObject metadata = Json.object(list, "metadata");
        if (metadata != null) {
            // Counts the storage's items, not the caller's: kube-apiserver leaves it out under selectors too.
            metadata.remove("remainingItemCount");
            if (next.isEmpty()) {
                metadata.remove("continue");
            } else {
                metadata.addProperty("continue", next);
            }
        }
        return list;
    }

    private static long limit(Map<String, List<String>> query) {
        List<String> values = query.get("limit");
        if (values == null || values.isEmpty()) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(values.getFirst()));
        } catch (NumberFormatException e) {
            return 0; // kube-apiserver judged the first request; it treats an unparsable limit as none
        }
    }

    private static String continueOf(JsonObject list) {
        String token = Json.string(list, "metadata", "continue");
        return token == null ? "" : token;
    }
}
