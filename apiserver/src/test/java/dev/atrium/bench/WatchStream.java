package dev.atrium.bench;

import java.util.concurrent.Flow;

/**
 * One open watch: reads each event line as it arrives and hands the value a benchmark write put
 * into the object ({@code bench-seq-<n>}) to {@link Events}.
 */
final class WatchStream implements Flow.Subscriber<String> {

    static final String MARKER = "bench-seq-";

    /** Where a watch reports what it saw. */
    interface Events {
        void seen(long sequence, long nanos);

        void ended(Throwable error);
    }

    private final Events events;
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    WatchStream(Events events) {
        this.events = events;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (cancelled) {
            subscription.cancel();
        } else {
            subscription.request(Long.MAX_VALUE);
        }
    }

    @Override
    public void onNext(String line) {
        long now = System.nanoTime();
        int at = line.indexOf(MARKER);
        if (at < 0) {
            return; // a bookmark, or an object no benchmark write touched
        }
        long sequence = 0;
        for (int i = at + MARKER.length(); i < line.length() && Character.isDigit(line.charAt(i)); i++) {
            sequence = sequence * 10 + (line.charAt(i) - '0');
        }
        events.seen(sequence, now);
    }

    @Override
    public void onError(Throwable error) {
        if (!cancelled) {
            events.ended(error);
        }
    }

    @Override
    public void onComplete() {
        if (!cancelled) {
            events.ended(null);
        }
    }

    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
    }
}
