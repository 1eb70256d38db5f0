package dev.atrium.bench;

import com.google.gson.JsonParser;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Recorder;

/**
 * Watch event latency: {@value #WATCHES} watches open on a target's watched objects, writers
 * update those objects, and every watch timestamps every event: the latency is from just before
 * the write was sent until a watch read its event. Throughput is events delivered per second.
 */
final class WatchLatency {

    static final int WATCHES = 100;
    private static final Duration ESTABLISH = Duration.ofSeconds(60);
    private static final Duration DRAIN = Duration.ofSeconds(15);

    private final AdminHttp http;
    private final Fixtures fixtures;
    private final AtomicLong sequence;

    WatchLatency(AdminHttp http, Fixtures fixtures, AtomicLong sequence) {
        this.http = http;
        this.fixtures = fixtures;
        this.sequence = sequence;
    }

    /** @param events the event latencies; @param writes the writes' own latencies */
    void run(Target target, int writers, Duration duration, CellStats events, CellStats writes) throws Exception {
        String list = target.collection() + fixtures.watchQuery(target);
        String version = JsonParser.parseString(http.require("GET", list, null).body()).getAsJsonObject()
                .getAsJsonObject("metadata").get("resourceVersion").getAsString();
        Map<Long, Long> sent = new ConcurrentHashMap<>();
        Recorder latency = new Recorder(120_000_000L, 3);
        LongAdder received = new LongAdder();
        AtomicReference<String> ended = new AtomicReference<>();
        AtomicLong probe = new AtomicLong(-1);
        CountDownLatch probed = new CountDownLatch(WATCHES);
        WatchStream.Events sink = new WatchStream.Events() {
            @Override
            public void seen(long seq, long nanos) {
                if (seq == probe.get()) {
                    probed.countDown();
                    return;
                }
                Long start = sent.get(seq);
                if (start != null) {
                    latency.recordValue(Math.max(1, (nanos - start) / 1000));
                    received.increment();
                }
            }

            @Override
            public void ended(Throwable error) {
                ended.compareAndSet(null, error == null ? "a watch ended early" : "a watch failed: " + error);
            }
        };
        List<WatchStream> streams = new ArrayList<>();
        try {
            String path = list + "&watch=true&allowWatchBookmarks=false&timeoutSeconds=900&resourceVersion=" + version;
            for (int i = 0; i < WATCHES; i++) {
                WatchStream stream = new WatchStream(sink);
                streams.add(stream);
                http.stream(path, stream);
            }
            // Every watch starts at the list's resourceVersion; once each has seen this write, all are open.
            long probeSeq = sequence.incrementAndGet();
            probe.set(probeSeq);
            write(target, 0, probeSeq, null);
            if (!probed.await(ESTABLISH.toSeconds(), TimeUnit.SECONDS)) {
                throw new IllegalStateException(target.title() + ": only " + (WATCHES - probed.getCount()) + " of "
                        + WATCHES + " watches saw the first write within " + ESTABLISH.toSeconds() + "s");
            }
            long start = System.nanoTime();
            CellStats writeStats = new CellStats();
            ClosedLoop.run(writers, duration, index -> writer(target, index, sent), writeStats);
            long writeNanos = System.nanoTime() - start;
            long expected = (long) sent.size() * WATCHES;
            long deadline = System.nanoTime() + DRAIN.toNanos();
            while (received.sum() < expected && System.nanoTime() < deadline && ended.get() == null) {
                Thread.sleep(20);
            }
            long missing = expected - received.sum();
            events.add(latency.getIntervalHistogram(), received.sum(), missing, 0, writeNanos,
                    missing > 0 ? missing + " of " + expected + " events not seen" + (ended.get() == null ? "" : "; " + ended.get())
                            : null);
            writes.merge(writeStats);
        } finally {
            streams.forEach(WatchStream::cancel);
        }
    }

    private ClosedLoop.Worker writer(Target target, int index, Map<Long, Long> sent) throws Exception {
        String name = fixtures.watched(target, index);
        String[] version = {Workers.resourceVersion(http.require("GET", target.object(name), null).body())};
        return () -> {
            long seq = sequence.incrementAndGet();
            AdminHttp.Reply reply = write(target, index, seq, version[0], sent);
            if (reply.ok()) {
                version[0] = Workers.resourceVersion(reply.body());
            } else if (reply.code() == 409) {
                version[0] = Workers.resourceVersion(http.require("GET", target.object(name), null).body());
            }
            return ClosedLoop.Outcome.of(reply.code(), 0, "PUT " + target.object(name));
        };
    }

    private void write(Target target, int index, long seq, String version) throws Exception {
        String name = fixtures.watched(target, index);
        String current = version != null ? version
                : Workers.resourceVersion(http.require("GET", target.object(name), null).body());
        http.require("PUT", target.object(name),
                target.body(name, fixtures.watchLabels(target), WatchStream.MARKER + seq, current));
    }

    private AdminHttp.Reply write(Target target, int index, long seq, String version, Map<Long, Long> sent) throws Exception {
        String name = fixtures.watched(target, index);
        String body = target.body(name, fixtures.watchLabels(target), WatchStream.MARKER + seq, version);
        sent.put(seq, System.nanoTime());
        AdminHttp.Reply reply = http.send("PUT", target.object(name), body);
        if (!reply.ok()) {
            sent.remove(seq);
        }
        return reply;
    }
}
