package dev.atrium.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.HdrHistogram.Histogram;

/**
 * {@code concurrency} workers, each sending its next request as soon as the last one is answered,
 * until the time is up; every latency goes into a histogram. Throughput is what they completed
 * over the time until the last of them finished.
 */
final class ClosedLoop {

    /** One worker's requests; {@link #call} is timed, whatever the factory did before is not. */
    interface Worker {
        /** Sends one request; returns its outcome. */
        Outcome call() throws Exception;
    }

    interface WorkerFactory {
        Worker create(int index) throws Exception;
    }

    record Outcome(boolean ok, long bytes, String error) {
        static Outcome of(int code, long bytes, String what) {
            return new Outcome(code >= 200 && code < 300, bytes, code >= 200 && code < 300 ? null : what + " answered " + code);
        }
    }

    private ClosedLoop() {}

    static void run(int concurrency, Duration duration, WorkerFactory factory, CellStats stats) throws Exception {
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            workers.add(factory.create(i));
        }
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> running = new ArrayList<>();
            for (Worker worker : workers) {
                running.add(pool.submit(() -> loop(worker, deadline, stats)));
            }
            for (Future<?> f : running) {
                f.get();
            }
        }
        stats.add(CellStats.newHistogram(), 0, 0, 0, System.nanoTime() - start, null);
    }

    private static Void loop(Worker worker, long deadline, CellStats stats) {
        Histogram latency = CellStats.newHistogram();
        long operations = 0;
        long errors = 0;
        long bytes = 0;
        String firstError = null;
        while (System.nanoTime() < deadline) {
            long sent = System.nanoTime();
            Outcome outcome;
            try {
                outcome = worker.call();
            } catch (Exception e) {
                outcome = new Outcome(false, 0, e.toString());
            }
            latency.recordValue(Math.max(1, (System.nanoTime() - sent) / 1000));
            operations++;
            bytes += outcome.bytes();
            if (!outcome.ok()) {
                errors++;
                if (firstError == null) {
                    firstError = outcome.error();
                }
            }
        }
        stats.add(latency, operations, errors, bytes, 0, firstError);
        return null;
    }
}
