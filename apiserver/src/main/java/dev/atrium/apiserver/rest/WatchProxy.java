package dev.atrium.apiserver.rest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.status.StatusException;
import dev.atrium.apiserver.storage.StorageClient;
import dev.atrium.apiserver.storage.StorageTranslation;
import io.undertow.server.HttpServerExchange;
import io.undertow.util.Headers;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A watch: kube-apiserver's watch of the storage resource, streamed on event by event as
 * newline-delimited WatchEvents over chunked HTTP, each object translated (or rendered as a
 * Table row for {@code kubectl get -w}). Bookmarks, 410 Expired errors, {@code timeoutSeconds}
 * and watch-list's initial events are kube-apiserver's own and pass through.
 *
 * <p>It runs on its own virtual thread for as long as the watch lasts; the client going away
 * shows up as a failed write and closes the storage watch.
 */
final class WatchProxy {

    private static final Logger LOG = LoggerFactory.getLogger(WatchProxy.class);

    private final StorageClient storage;
    private final OpenWatches open;

    WatchProxy(StorageClient storage, OpenWatches open) {
        this.storage = storage;
        this.open = open;
    }

    void serve(HttpServerExchange exchange, StorageTranslation translation, Representation representation,
            String collection, Map<String, List<String>> query) throws IOException {
        Map<String, List<String>> params = new java.util.HashMap<>(query);
        params.put("watch", List.of("true"));
        try (StorageClient.Stream stream = storage.open(collection, params)) {
            if (stream.code() != 200) {
                byte[] body = stream.body().readAllBytes();
                JsonObject status = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
                Responses.json(exchange, stream.code(), translation.statusToManagement(status));
                return;
            }
            if (!open.add(stream)) {
                throw StatusException.serviceUnavailable("the server is shutting down");
            }
            try {
                stream(exchange, translation, representation, stream);
            } catch (IOException clientGone) {
                LOG.debug("watch {}: the client went away: {}", collection, clientGone.toString());
            } finally {
                open.remove(stream);
            }
        }
    }

    private static void stream(HttpServerExchange exchange, StorageTranslation translation,
            Representation representation, StorageClient.Stream stream) throws IOException {
        exchange.setStatusCode(200);
        exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, representation.contentType());
        boolean first = true;
        OutputStream out = exchange.getOutputStream();
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        out.flush(); // headers now: clients (informers) consider the watch established
        for (String line; (line = readLine(events)) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject event = translation.watchEventToManagement(JsonParser.parseString(line).getAsJsonObject());
            boolean bookmark = "BOOKMARK".equals(Json.string(event, "type"));
            if (event.get("object") instanceof JsonObject object && representation.rendersWatchEvent(bookmark)) {
                event.add("object", representation.render(object, !first));
                first = first && bookmark;
            }
            out.write(Json.toBytes(event));
            out.write('\n');
            out.flush();
        }
        out.close();
    }

    /** The next event, or null when the storage side ended, also by {@link OpenWatches#closeAll}. */
    private static String readLine(BufferedReader events) {
        try {
            return events.readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
