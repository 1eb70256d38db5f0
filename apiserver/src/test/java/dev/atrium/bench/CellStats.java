package dev.atrium.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * What one target did in one cell (an operation at a concurrency), summed over the cell's
 * rounds: latencies in microseconds, operations, failures, bytes read and the time spent.
 */
final class CellStats {

    /** Up to two minutes, three significant digits. */
    static Histogram newHistogram() {
        return new Histogram(120_000_000L, 3);
    }

    private final Histogram latency = newHistogram();
    private long operations;
    private long errors;
    private long bytes;
    private long nanos;
    private String firstError;

    synchronized void add(Histogram histogram, long operations, long errors, long bytes, long nanos, String firstError) {
        latency.add(histogram);
        this.operations += operations;
        this.errors += errors;
        this.bytes += bytes;
        this.nanos += nanos;
        if (this.firstError == null) {
            this.firstError = firstError;
        }
    }

    void merge(CellStats other) {
        Histogram histogram;
        long[] counts;
        String error;
        synchronized (other) {
            histogram = other.latency.copy();
            counts = new long[] {other.operations, other.errors, other.bytes, other.nanos};
            error = other.firstError;
        }
        add(histogram, counts[0], counts[1], counts[2], counts[3], error);
    }

    synchronized double p50Millis() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(50) / 1000.0;
    }

    synchronized double p99Millis() {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(99) / 1000.0;
    }

    /** Operations (or, for watches, events) per second over the time the cell ran. */
    synchronized double throughput() {
        return nanos == 0 ? Double.NaN : operations / (nanos / 1e9);
    }

    synchronized long errors() {
        return errors;
    }

    synchronized Map<String, Object> json() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("count", latency.getTotalCount());
        json.put("operations", operations);
        json.put("errors", errors);
        if (firstError != null) {
            json.put("first_error", firstError);
        }
        json.put("seconds", nanos / 1e9);
        json.put("throughput_per_s", throughput());
        json.put("p50_ms", p50Millis());
        json.put("p90_ms", latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(90) / 1000.0);
        json.put("p99_ms", p99Millis());
        json.put("max_ms", latency.getMaxValue() / 1000.0);
        if (operations > 0 && bytes > 0) {
            json.put("bytes_per_operation", bytes / operations);
        }
        return json;
    }
}
