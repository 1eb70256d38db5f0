package dev.atrium.apiserver.access;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.json.Json;
import dev.atrium.apiserver.resource.ResourceDefinition;
import dev.atrium.apiserver.storage.StorageClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A replica's copy of one cluster-scoped storage resource (users, teams, projects), kept by
 * list-then-watch from kube-apiserver: what membership is decided from. Listeners hear of every
 * change after it is applied. Lags kube-apiserver by one watch event at most.
 */
public final class StorageMirror implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StorageMirror.class);

    private final StorageClient storage;
    private final ResourceDefinition resource;
    private final String path;
    private final Map<String, JsonObject> objects = new ConcurrentHashMap<>();
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private volatile boolean closed;
    private volatile StorageClient.Stream current;
    private Thread thread;

    public StorageMirror(StorageClient storage, ResourceDefinition resource) {
        if (resource.namespaced() || !resource.stored()) {
            throw new IllegalArgumentException(resource.plural() + " is not a stored cluster-scoped resource");
        }
        this.storage = storage;
        this.resource = resource;
        this.path = "/apis/" + resource.storageApiVersion() + "/" + resource.plural();
    }

    public StorageMirror start() {
        thread = Thread.ofVirtual().name("mirror-" + resource.plural()).start(this::run);
        return this;
    }

    /** Waits until the first list arrived; false when it did not within {@code seconds}. */
    public boolean awaitSynced(long seconds) throws InterruptedException {
        return synced.await(seconds, TimeUnit.SECONDS);
    }

    public Optional<JsonObject> get(String name) {
        return Optional.ofNullable(objects.get(name));
    }

    /** The storage objects as of now (do not modify them). */
    public Collection<JsonObject> values() {
        return objects.values();
    }

    public void addListener(Runnable listener) {
        listeners.add(listener);
    }

    public void removeListener(Runnable listener) {
        listeners.remove(listener);
    }

    private void run() {
        while (!closed) {
            try {
                String resourceVersion = list();
                while (!closed && resourceVersion != null) {
                    resourceVersion = watch(resourceVersion);
                }
            } catch (IOException | RuntimeException e) {
                if (!closed) {
                    LOG.warn("mirror of {}: {}; listing again in 1 s", resource.storageGroupResource(), e.toString());
                    sleep();
                }
            }
        }
    }

    private String list() throws IOException {
        StorageClient.Reply reply = storage.send("GET", path, Map.of(), null, null);
        if (reply.code() != 200) {
            throw new IOException("list answered " + reply.code());
        }
        JsonObject list = reply.json();
        Map<String, JsonObject> fresh = new java.util.HashMap<>();
        for (JsonElement item : list.getAsJsonArray("items")) {
            fresh.put(name(item.getAsJsonObject()), item.getAsJsonObject());
        }
        objects.keySet().retainAll(fresh.keySet());
        objects.putAll(fresh);
        synced.countDown();
        changed();
        return Json.string(list, "metadata", "resourceVersion");
    }

    /** Follows changes from {@code resourceVersion}; the position to go on from, or null to list again. */
    private String watch(String resourceVersion) throws IOException {
        Map<String, List<String>> query = Map.of("watch", List.of("true"), "resourceVersion", List.of(resourceVersion),
                "allowWatchBookmarks", List.of("true"), "timeoutSeconds", List.of("300"));
        try (StorageClient.Stream stream = storage.open(path, query)) {
            current = stream;
            if (closed) {
                return null;
            }
            if (stream.code() != 200) {
                return null;
            }
            BufferedReader events = new BufferedReader(new InputStreamReader(stream.body(), StandardCharsets.UTF_8));
            String position = resourceVersion;
            for (String line; (line = events.readLine()) != null; ) {
                if (line.isBlank()) {
                    continue;
                }
                JsonObject event = JsonParser.parseString(line).getAsJsonObject();
                String type = Json.string(event, "type");
                JsonObject object = event.getAsJsonObject("object");
                if ("ERROR".equals(type)) {
                    return null; // most likely 410 Gone: the position is too old
                }
                position = Json.string(object, "metadata", "resourceVersion");
                switch (type) {
                    case "ADDED", "MODIFIED" -> objects.put(name(object), object);
                    case "DELETED" -> objects.remove(name(object));
                    default -> {
                        continue; // BOOKMARK: only the position moves
                    }
                }
                changed();
            }
            return position;
        } finally {
            current = null;
        }
    }

    private void changed() {
        for (Runnable listener : listeners) {
            try {
                listener.run();
            } catch (RuntimeException e) {
                LOG.warn("listener of the {} mirror failed", resource.plural(), e);
            }
        }
    }

    private static String name(JsonObject object) {
        return Json.string(object, "metadata", "name");
    }

    private static void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        StorageClient.Stream stream = current;
        if (stream != null) {
            stream.close();
        }
        if (thread != null) {
            thread.interrupt();
        }
    }
}
