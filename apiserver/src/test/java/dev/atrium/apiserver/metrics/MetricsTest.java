package dev.atrium.apiserver.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MetricsTest {

    @Test
    void rendersCountersHistogramsAndGaugesInTheTextFormat() {
        Metrics metrics = new Metrics();
        Metrics.Counter requests = metrics.counter("requests_total", "Requests.", "verb", "code");
        requests.inc("get", "200");
        requests.inc("get", "200");
        requests.inc("list", "500");
        metrics.histogram("latency_seconds", "Latency.", new double[] {0.1, 1}, "verb").observe(0.5, "get");
        metrics.gauge("leader", "Whether this replica leads.", () -> 1);

        String text = metrics.render();

        assertTrue(text.contains("# TYPE requests_total counter\n"), text);
        assertTrue(text.contains("requests_total{verb=\"get\",code=\"200\"} 2\n"), text);
        assertTrue(text.contains("requests_total{verb=\"list\",code=\"500\"} 1\n"), text);
        assertTrue(text.contains("latency_seconds_bucket{verb=\"get\",le=\"0.1\"} 0\n"), text);
        assertTrue(text.contains("latency_seconds_bucket{verb=\"get\",le=\"1.0\"} 1\n"), text);
        assertTrue(text.contains("latency_seconds_bucket{verb=\"get\",le=\"+Inf\"} 1\n"), text);
        assertTrue(text.contains("latency_seconds_count{verb=\"get\"} 1\n"), text);
        assertTrue(text.contains("leader 1.0\n"), text);
    }

    @Test
    void rendersValuesSampledPerLabelWhenScraped() {
        Metrics metrics = new Metrics();
        java.util.Map<String, Long> reconciles = new java.util.HashMap<>(java.util.Map.of("project", 3L));
        metrics.sampled("reconciles_total", "Reconciles.", "counter", "controller", () -> reconciles);
        reconciles.put("user", 1L);
        String text = metrics.render();
        assertTrue(text.contains("# TYPE reconciles_total counter\n"), text);
        assertTrue(text.contains("reconciles_total{controller=\"project\"} 3\n"), text);
        assertTrue(text.contains("reconciles_total{controller=\"user\"} 1\n"), text);
    }

    @Test
    void escapesLabelValues() {
        Metrics metrics = new Metrics();
        metrics.counter("c_total", "C.", "path").inc("a\"b\\c");
        assertTrue(metrics.render().contains("c_total{path=\"a\\\"b\\\\c\"} 1"), metrics.render());
    }
}
