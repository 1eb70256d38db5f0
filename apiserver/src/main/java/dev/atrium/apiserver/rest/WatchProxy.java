package dev.atrium.apiserver.rest;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.access.ProjectAccess;
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

    /**
     * @param members for a caller who is not a global admin: what it sees of the events,
     *                and the events its view changing makes; null for an admin, who sees everything
     */
    void serve(HttpServerExchange exchange, StorageTranslation translation, Representation representation,
            String path, Map<String, List<String>> query, MemberWatch members, ProjectAccess access) throws IOException {
        Map<String, List<String>> params = new java.util.HashMap<>(query);
        params.put("watch", List.of("true"));
        try (StorageClient.Stream stream = storage.open(path, params)) {
            if (stream.code() != 200) {
                byte[] body = stream.body().readAllBytes();
                JsonObject status = JsonParser.parseString(new String(body, StandardCharsets.UTF_8)).getAsJsonObject();
                Responses.json(exchange, stream.code(), translation.statusToManagement(status));
                return;
            }
            if (!open.add(stream)) {
                throw StatusException.serviceUnavailable("the server is shutting down");
            }
            Emitter emitter = new Emitter(exchange, translation, representation);
            ViewChanges changes = members == null ? null : new ViewChanges(members, emitter, stream, access);
            try {
                emitter.begin();
                stream(stream, emitter, members);
            } catch (IOException clientGone) {
                LOG.debug("watch {}: the client went away: {}", path, clientGone.toString());
            } finally {
                if (changes != null) {
                    changes.close();
                }
                open.remove(stream);
            }
        }
    }

    private static void stream(StorageClient.Stream stream, Emitter emitter, MemberWatch members) throws IOException {
        BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
        for (String line; (line = readLine(events)) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            JsonObject event = JsonParser.parseString(line).getAsJsonObject();
            synchronized (emitter) {
                for (JsonObject seen : members == null ? List.of(event) : members.onEvent(event)) {
                    emitter.emit(seen);
                }
            }
        }
        emitter.end();
    }

    /** Writes storage events to the client as management events; one writer at a time. */
    private static final class Emitter {
        private final HttpServerExchange exchange;
        private final StorageTranslation translation;
        private final Representation representation;
        private OutputStream out;
        private boolean first = true;

        Emitter(HttpServerExchange exchange, StorageTranslation translation, Representation representation) {
            this.exchange = exchange;
            this.translation = translation;
            this.representation = representation;
        }

        synchronized void begin() throws IOException {
            exchange.setStatusCode(200);
            exchange.getResponseHeaders().put(Headers.CONTENT_TYPE, representation.contentType());
            out = exchange.getOutputStream();
            out.flush(); // headers now: clients (informers) consider the watch established
        }

        synchronized void emit(JsonObject storageEvent) throws IOException {
            JsonObject event = translation.watchEventToManagement(storageEvent);
            boolean bookmark = "BOOKMARK".equals(Json.string(event, "type"));
            if (event.get("object") instanceof JsonObject object && representation.rendersWatchEvent(bookmark)) {
                event.add("object", representation.render(object, !first));
                first = first && bookmark;
            }
            out.write(Json.toBytes(event));
            out.write('\n');
            out.flush();
        }

        synchronized void end() throws IOException {
            out.close();
        }
    }

    /**
     * Follows the caller's view while the watch lasts: on any change to users, teams or projects
     * it asks {@link MemberWatch} what the client must hear, on a thread of its own, as the
     * listing it may need is I/O the mirrors' threads must not wait for.
     */
    private static final class ViewChanges implements Runnable, AutoCloseable {
        private final MemberWatch members;
        private final Emitter emitter;
        private final StorageClient.Stream stream;
        private final ProjectAccess access;
        private final java.util.concurrent.Semaphore changed = new java.util.concurrent.Semaphore(0);
        private final Runnable listener = changed::release;
        private final Thread thread;

        ViewChanges(MemberWatch members, Emitter emitter, StorageClient.Stream stream, ProjectAccess access) {
            this.members = members;
            this.emitter = emitter;
            this.stream = stream;
            this.access = access;
            this.thread = Thread.ofVirtual().name("watch-view").start(this);
            access.addListener(listener);
        }

        @Override
        public void run() {
            try {
                while (!Thread.currentThread().isInterrupted()) {
                    changed.acquire();
                    changed.drainPermits();
                    synchronized (emitter) {
                        for (JsonObject event : members.onViewChange()) {
                            emitter.emit(event);
                        }
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (IOException | RuntimeException e) {
                // The client or kube-apiserver went away; ending the storage side ends the watch.
                LOG.debug("watch view: {}", e.toString());
                stream.close();
            }
        }

        @Override
        public void close() {
            access.removeListener(listener);
            thread.interrupt();
        }
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
