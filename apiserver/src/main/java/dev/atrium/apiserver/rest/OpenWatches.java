package dev.atrium.apiserver.rest;

import dev.atrium.apiserver.storage.StorageClient;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The watches this replica is serving. A watch never finishes on its own before its timeout,
 * so a graceful shutdown ends them: closing the storage side ends each client's response
 * cleanly, and clients re-establish their watch through another replica.
 */
public final class OpenWatches {

    private final Set<StorageClient.Stream> streams = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    boolean add(StorageClient.Stream stream) {
        streams.add(stream);
        if (closed) {
            streams.remove(stream);
            return false;
        }
        return true;
    }

    void remove(StorageClient.Stream stream) {
        streams.remove(stream);
    }

    public int size() {
        return streams.size();
    }

    /** Ends every open watch, and any that opens from now on. */
    public void closeAll() {
        closed = true;
        for (StorageClient.Stream stream : streams) {
            stream.close();
        }
    }
}
