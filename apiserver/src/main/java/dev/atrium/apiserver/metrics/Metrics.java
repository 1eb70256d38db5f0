package dev.atrium.apiserver.metrics;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.DoubleSupplier;

/**
 * A small Prometheus registry: counters and histograms with labels, and gauges read when
 * scraped, rendered in the text exposition format on {@code /metrics}.
 */
public final class Metrics {

    private final Map<String, Family> families = new ConcurrentSkipListMap<>();

    public Counter counter(String name, String help, String... labelNames) {
        return (Counter) families.computeIfAbsent(name, n -> new Counter(n, help, List.of(labelNames)));
    }

    public Histogram histogram(String name, String help, double[] buckets, String... labelNames) {
        return (Histogram) families.computeIfAbsent(name, n -> new Histogram(n, help, buckets, List.of(labelNames)));
    }

    public void gauge(String name, String help, DoubleSupplier value) {
        families.put(name, new Gauge(name, help, "gauge", value));
    }

    /** A counter kept elsewhere, read when scraped. */
    public void sampledCounter(String name, String help, DoubleSupplier value) {
        families.put(name, new Gauge(name, help, "counter", value));
    }

    /**
     * Values read when scraped, one per label value, e.g. per controller. {@code type} is
     * "gauge" or "counter" (a counter read from elsewhere, such as a controller's reconciles).
     */
    public void sampled(String name, String help, String type, String labelName,
            java.util.function.Supplier<Map<String, ? extends Number>> values) {
        families.put(name, new Sampled(name, help, type, labelName, values));
    }

    public String render() {
        StringBuilder out = new StringBuilder();
        families.values().forEach(family -> family.render(out));
        return out.toString();
    }

    private abstract static class Family {
        final String name;
        final String help;
        final String type;

        Family(String name, String help, String type) {
            this.name = name;
            this.help = help;
            this.type = type;
        }

        void render(StringBuilder out) {
            out.append("# HELP ").append(name).append(' ').append(help).append('\n');
            out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
            samples(out);
        }

        abstract void samples(StringBuilder out);
    }

    public static final class Counter extends Family {
        private final List<String> labelNames;
        private final Map<List<String>, LongAdder> values = new ConcurrentHashMap<>();

        private Counter(String name, String help, List<String> labelNames) {
            super(name, help, "counter");
            this.labelNames = labelNames;
        }

        public void inc(String... labelValues) {
            values.computeIfAbsent(List.of(labelValues), k -> new LongAdder()).increment();
        }

        public long get(String... labelValues) {
            LongAdder adder = values.get(List.of(labelValues));
            return adder == null ? 0 : adder.sum();
        }

        @Override
        void samples(StringBuilder out) {
            new java.util.TreeMap<>(asStrings()).forEach((labels, value) ->
                    out.append(name).append(labels).append(' ').append(value).append('\n'));
        }

        private Map<String, Long> asStrings() {
            Map<String, Long> rendered = new java.util.HashMap<>();
            values.forEach((labels, value) -> rendered.put(labelText(labelNames, labels, null), value.sum()));
            return rendered;
        }
    }

    public static final class Histogram extends Family {
        private final double[] buckets;
        private final List<String> labelNames;
        private final Map<List<String>, Series> series = new ConcurrentHashMap<>();

        private Histogram(String name, String help, double[] buckets, List<String> labelNames) {
            super(name, help, "histogram");
            this.buckets = buckets.clone();
            this.labelNames = labelNames;
        }

        public void observe(double value, String... labelValues) {
            Series s = series.computeIfAbsent(List.of(labelValues), k -> new Series(buckets.length));
            for (int i = 0; i < buckets.length; i++) {
                if (value <= buckets[i]) {
                    s.counts[i].increment();
                }
            }
            s.count.increment();
            s.sum.add(value);
        }

        @Override
        void samples(StringBuilder out) {
            series.forEach((labels, s) -> {
                for (int i = 0; i < buckets.length; i++) {
                    out.append(name).append("_bucket").append(labelText(labelNames, labels, Double.toString(buckets[i])))
                            .append(' ').append(s.counts[i].sum()).append('\n');
                }
                out.append(name).append("_bucket").append(labelText(labelNames, labels, "+Inf")).append(' ')
                        .append(s.count.sum()).append('\n');
                out.append(name).append("_sum").append(labelText(labelNames, labels, null)).append(' ')
                        .append(s.sum.sum()).append('\n');
                out.append(name).append("_count").append(labelText(labelNames, labels, null)).append(' ')
                        .append(s.count.sum()).append('\n');
            });
        }

        private static final class Series {
            final LongAdder[] counts;
            final LongAdder count = new LongAdder();
            final DoubleAdder sum = new DoubleAdder();

            Series(int buckets) {
                counts = new LongAdder[buckets];
                for (int i = 0; i < buckets; i++) {
                    counts[i] = new LongAdder();
                }
            }
        }
    }

    private static final class Gauge extends Family {
        private final DoubleSupplier value;

        Gauge(String name, String help, String type, DoubleSupplier value) {
            super(name, help, type);
            this.value = value;
        }

        @Override
        void samples(StringBuilder out) {
            out.append(name).append(' ').append(value.getAsDouble()).append('\n');
        }
    }

    private static final class Sampled extends Family {
        private final String labelName;
        private final java.util.function.Supplier<Map<String, ? extends Number>> values;

        Sampled(String name, String help, String type, String labelName,
                java.util.function.Supplier<Map<String, ? extends Number>> values) {
            super(name, help, type);
            this.labelName = labelName;
            this.values = values;
        }

        @Override
        void samples(StringBuilder out) {
            new java.util.TreeMap<>(values.get()).forEach((label, value) -> out.append(name)
                    .append(labelText(List.of(labelName), List.of(label), null)).append(' ').append(value).append('\n'));
        }
    }

    private static String labelText(List<String> names, List<String> values, String le) {
        if (names.isEmpty() && le == null) {
            return "";
        }
        StringBuilder text = new StringBuilder("{");
        for (int i = 0; i < names.size(); i++) {
            if (i > 0) {
                text.append(',');
            }
            text.append(names.get(i)).append("=\"").append(escape(values.get(i))).append('"');
        }
        if (le != null) {
            text.append(names.isEmpty() ? "" : ",").append("le=\"").append(le).append('"');
        }
        return text.append('}').toString();
    }

    private static String escape(String value) {
        return value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }
}
