package dev.atrium.bench;

import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * The objects one run works on, named and labelled by the run: 5,000 listed objects (500 of them
 * also in the small list) per kind of object, and per target one object per worker to update and
 * one per writer to watch. Atrium and direct read the same storage objects.
 */
final class Fixtures {

    static final int LIST_SMALL = 500;
    static final int LIST_LARGE = 5000;
    /** Objects to update and to watch per target: one per worker at the highest concurrency. */
    static final int PER_WORKER = 64;

    private static final String RUN = "bench.atrium.dev/run";
    private static final String LIST = "bench.atrium.dev/list";
    private static final String LIST_SMALL_LABEL = "bench.atrium.dev/list500";
    private static final String WATCH = "bench.atrium.dev/watch";
    private static final int CREATORS = 32;

    final String run;

    Fixtures(String run) {
        this.run = run;
    }

    String listed(int i) {
        return run + "-l-" + i;
    }

    String updated(Target target, int worker) {
        return run + "-" + target.key() + "-u-" + worker;
    }

    String watched(Target target, int writer) {
        return run + "-" + target.key() + "-w-" + writer;
    }

    String created(Target target, int worker, long n) {
        return run + "-" + target.key() + "-c-" + worker + "-" + n;
    }

    String listQuery(int size) {
        return "?labelSelector=" + encode((size == LIST_SMALL ? LIST_SMALL_LABEL : LIST) + "=" + run);
    }

    String watchQuery(Target target) {
        return "?labelSelector=" + encode(WATCH + "=" + run + "-" + target.key());
    }

    Map<String, String> labels() {
        return Map.of(RUN, run);
    }

    Map<String, String> watchLabels(Target target) {
        return Map.of(RUN, run, WATCH, run + "-" + target.key());
    }

    /**
     * Creates every object of the run through {@code direct} (Atrium's too: they are the same
     * storage objects) and {@code sample}.
     */
    void create(AdminHttp http, Target atrium, Target direct, Target sample) throws Exception {
        List<Runnable> creates = new ArrayList<>();
        for (Target kind : List.of(direct, sample)) {
            for (int i = 0; i < LIST_LARGE; i++) {
                Map<String, String> labels = new LinkedHashMap<>(labels());
                labels.put(LIST, run);
                if (i < LIST_SMALL) {
                    labels.put(LIST_SMALL_LABEL, run);
                }
                String name = listed(i);
                creates.add(() -> post(http, kind, kind.body(name, labels, "bench-listed", null)));
            }
        }
        for (Target owner : List.of(atrium, direct, sample)) {
            Target kind = owner == atrium ? direct : owner;
            for (int w = 0; w < PER_WORKER; w++) {
                String updated = updated(owner, w);
                String watched = watched(owner, w);
                creates.add(() -> post(http, kind, kind.body(updated, labels(), "bench-seq-0", null)));
                creates.add(() -> post(http, kind, kind.body(watched, watchLabels(owner), "bench-seq-0", null)));
            }
        }
        runAll(creates);
    }

    /** Each list has the objects it should have, on every target. */
    void verify(AdminHttp http, List<Target> targets) throws Exception {
        for (Target target : targets) {
            for (int size : List.of(LIST_SMALL, LIST_LARGE)) {
                String body = http.require("GET", target.collection() + listQuery(size), null).body();
                int items = JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("items").size();
                if (items != size) {
                    throw new IllegalStateException(target.title() + " lists " + items + " objects, not " + size);
                }
            }
        }
    }

    /**
     * Deletes the objects of every run, this one's and any an interrupted run left: a
     * deletecollection per kind and part (the small list, the rest of the large one, the others),
     * all at once, as kube-apiserver deletes the objects of one deletecollection one by one.
     */
    static void deleteAll(AdminHttp http, List<Target> kinds) throws Exception {
        List<Runnable> deletes = new ArrayList<>();
        for (Target kind : kinds) {
            for (String part : List.of(LIST_SMALL_LABEL, LIST + "," + "!" + LIST_SMALL_LABEL, "!" + LIST)) {
                deletes.add(() -> deleteCollection(http, kind, kind.collection() + "?labelSelector=" + encode(RUN + "," + part)));
            }
        }
        runAll(deletes);
    }

    private static void deleteCollection(AdminHttp http, Target kind, String selected) {
        try {
            for (int attempt = 0; attempt < 5; attempt++) {
                String body = http.require("GET", selected + "&limit=1", null).body();
                if (JsonParser.parseString(body).getAsJsonObject().getAsJsonArray("items").isEmpty()) {
                    return;
                }
                AdminHttp.Reply reply = http.send("DELETE", selected, null);
                if (!reply.ok() && reply.code() != 504) { // 504: the server's request timeout; it goes on deleting
                    throw new IllegalStateException("deleting " + selected + ": " + reply.code() + " "
                            + AdminHttp.abbreviate(reply.body()));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void post(AdminHttp http, Target kind, String body) {
        try {
            http.require("POST", kind.collection(), body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void runAll(List<Runnable> tasks) throws Exception {
        Semaphore slots = new Semaphore(CREATORS);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (Runnable task : tasks) {
                slots.acquire();
                done.add(pool.submit(() -> {
                    try {
                        task.run();
                    } finally {
                        slots.release();
                    }
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
