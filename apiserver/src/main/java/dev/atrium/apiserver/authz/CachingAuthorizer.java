package dev.atrium.apiserver.authz;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Remembers a delegate's decisions for a short while: allowed ones longer than refused ones, so
 * a newly granted permission shows soon. Errors are never remembered. At most {@code maxEntries}
 * decisions are kept; the least recently used go first.
 */
public final class CachingAuthorizer implements Authorizer {

    public static final Duration DEFAULT_ALLOWED_TTL = Duration.ofSeconds(10);
    public static final Duration DEFAULT_DENIED_TTL = Duration.ofSeconds(5);
    public static final int DEFAULT_MAX_ENTRIES = 10_000;

    private final Authorizer delegate;
    private final Duration allowedTtl;
    private final Duration deniedTtl;
    private final InstantSource clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final LinkedHashMap<RequestAttributes, Cached> entries;

    private record Cached(Decision decision, Instant expires) {}

    public CachingAuthorizer(Authorizer delegate, Duration allowedTtl, Duration deniedTtl, int maxEntries,
            InstantSource clock) {
        this.delegate = delegate;
        this.allowedTtl = allowedTtl;
        this.deniedTtl = deniedTtl;
        this.clock = clock;
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<RequestAttributes, Cached> eldest) {
                return size() > maxEntries;
            }
        };
    }

    public CachingAuthorizer(Authorizer delegate) {
        this(delegate, DEFAULT_ALLOWED_TTL, DEFAULT_DENIED_TTL, DEFAULT_MAX_ENTRIES, InstantSource.system());
    }

    @Override
    public Decision authorize(RequestAttributes attributes) throws AuthorizationException {
        Instant now = clock.instant();
        lock.lock();
        try {
            Cached entry = entries.get(attributes);
            if (entry != null) {
                if (now.isBefore(entry.expires())) {
                    return entry.decision();
                }
                entries.remove(attributes);
            }
        } finally {
            lock.unlock();
        }
        Decision decision = delegate.authorize(attributes);
        Instant expires = now.plus(decision.allowed() ? allowedTtl : deniedTtl);
        lock.lock();
        try {
            entries.put(attributes, new Cached(decision, expires));
        } finally {
            lock.unlock();
        }
        return decision;
    }

    int size() {
        lock.lock();
        try {
            return entries.size();
        } finally {
            lock.unlock();
        }
    }
}
