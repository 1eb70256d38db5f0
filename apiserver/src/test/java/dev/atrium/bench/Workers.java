package dev.atrium.bench;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The request loops of the closed-loop operations (get, list, create, update) on one target. */
final class Workers {

    private static final Pattern RESOURCE_VERSION = Pattern.compile("\"resourceVersion\":\"([^\"]+)\"");

    private final AdminHttp http;
    private final Fixtures fixtures;
    private final AtomicLong created = new AtomicLong();
    private final AtomicLong sequence;

    /** @param sequence the run's counter of written values, shared with the watch writers */
    Workers(AdminHttp http, Fixtures fixtures, AtomicLong sequence) {
        this.http = http;
        this.fixtures = fixtures;
        this.sequence = sequence;
    }

    ClosedLoop.WorkerFactory factory(Target target, Operation operation) {
        return switch (operation) {
            case GET -> index -> get(target);
            case LIST_SMALL -> index -> read(target.collection() + fixtures.listQuery(Fixtures.LIST_SMALL));
            case LIST_LARGE -> index -> read(target.collection() + fixtures.listQuery(Fixtures.LIST_LARGE));
            case CREATE -> index -> create(target, index);
            case UPDATE -> index -> update(target, index);
            case WATCH -> throw new IllegalArgumentException("watches are measured by WatchLatency");
        };
    }

    private ClosedLoop.Worker get(Target target) {
        byte[] buffer = new byte[64 * 1024];
        return () -> {
            String path = target.object(fixtures.listed(ThreadLocalRandom.current().nextInt(Fixtures.LIST_SMALL)));
            AdminHttp.Drained reply = http.drain(path, buffer);
            return ClosedLoop.Outcome.of(reply.code(), reply.bytes(), "GET " + path);
        };
    }

    private ClosedLoop.Worker read(String path) {
        byte[] buffer = new byte[64 * 1024];
        return () -> {
            AdminHttp.Drained reply = http.drain(path, buffer);
            return ClosedLoop.Outcome.of(reply.code(), reply.bytes(), "GET " + path);
        };
    }

    private ClosedLoop.Worker create(Target target, int index) {
        return () -> {
            String name = fixtures.created(target, index, created.incrementAndGet());
            AdminHttp.Reply reply = http.send("POST", target.collection(),
                    target.body(name, fixtures.labels(), "bench-created", null));
            return ClosedLoop.Outcome.of(reply.code(), reply.body().length(), "POST " + target.collection());
        };
    }

    /** Each worker updates an object of its own, with the resourceVersion of its last answer. */
    private ClosedLoop.Worker update(Target target, int index) throws Exception {
        String name = fixtures.updated(target, index);
        String[] version = {resourceVersion(http.require("GET", target.object(name), null).body())};
        return () -> {
            String body = target.body(name, fixtures.labels(), "bench-seq-" + sequence.incrementAndGet(), version[0]);
            AdminHttp.Reply reply = http.send("PUT", target.object(name), body);
            if (reply.ok()) {
                version[0] = resourceVersion(reply.body());
            } else if (reply.code() == 409) {
                version[0] = resourceVersion(http.require("GET", target.object(name), null).body());
            }
            return ClosedLoop.Outcome.of(reply.code(), reply.body().length(), "PUT " + target.object(name));
        };
    }

    static String resourceVersion(String json) {
        Matcher m = RESOURCE_VERSION.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no resourceVersion in " + AdminHttp.abbreviate(json));
        }
        return m.group(1);
    }
}
