package dev.atrium.leader;

import dev.atrium.leader.election.LeaseSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The replica's command-line flags, {@code --name=value} as Kubernetes components take them. */
public record Options(
        String replicaName,
        String bindAddress,
        int securePort,
        ServingCertificate servingCertificate,
        Optional<Path> kubeconfig,
        Duration shutdownDrain,
        boolean leaderElect,
        LeaseSettings lease,
        Optional<Path> reconcileJournal) {

    /**
     * Where the serving certificate comes from: PEM files, or else a Secret shared by all
     * replicas (created by the first one when absent, with {@code hosts} as its DNS names).
     */
    public record ServingCertificate(Optional<Path> certFile, Optional<Path> keyFile, String secretNamespace,
            String secretName, List<String> hosts, String apiServiceName) {

        public boolean fromFiles() {
            return certFile.isPresent();
        }
    }

    private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");
    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        defaults.put("replica-name", "");
        defaults.put("bind-address", "0.0.0.0");
        defaults.put("secure-port", "8443");
        defaults.put("tls-cert-file", "");
        defaults.put("tls-private-key-file", "");
        defaults.put("kubeconfig", "");
        defaults.put("shutdown-drain-seconds", "5");
        defaults.put("serving-cert-secret", "atrium-serving-cert");
        defaults.put("serving-cert-hosts", "");
        defaults.put("service-name", "atrium-api");
        defaults.put("apiservice-name", "v1.management.atrium.dev");
        defaults.put("leader-elect", "true");
        defaults.put("leader-elect-resource-namespace", "");
        defaults.put("leader-elect-resource-name", "atrium-controllers");
        // kube-controller-manager's defaults.
        defaults.put("leader-elect-lease-duration", "15s");
        defaults.put("leader-elect-renew-deadline", "10s");
        defaults.put("leader-elect-retry-period", "2s");
        // Off by default: an append-only file of this replica's controller terms, for HA tests.
        defaults.put("reconcile-journal", "");
        return Map.copyOf(defaults);
    }

    public static Options parse(String... args) {
        Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("expected --flag=value, got " + arg);
            }
            String name = arg.substring(2, arg.indexOf('='));
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown flag --" + name + "; known: " + DEFAULTS.keySet());
            }
            values.put(name, arg.substring(arg.indexOf('=') + 1));
        }
        String replicaName = values.get("replica-name").isEmpty()
                ? System.getenv().getOrDefault("POD_NAME", "atrium") : values.get("replica-name");
        String namespace = System.getenv().getOrDefault("POD_NAMESPACE", "atrium-system");
        String leaseNamespace = values.get("leader-elect-resource-namespace").isEmpty()
                ? namespace : values.get("leader-elect-resource-namespace");
        String service = values.get("service-name") + "." + namespace + ".svc";
        List<String> hosts = values.get("serving-cert-hosts").isEmpty() ? List.of(service, service + ".cluster.local")
                : List.of(values.get("serving-cert-hosts").split(","));
        Optional<Path> certFile = optionalPath(values, "tls-cert-file");
        Optional<Path> keyFile = optionalPath(values, "tls-private-key-file");
        if (certFile.isPresent() != keyFile.isPresent()) {
            throw new IllegalArgumentException("--tls-cert-file and --tls-private-key-file go together");
        }
        // The suffix tells two processes of one pod name apart (a restart racing its predecessor).
        String identity = replicaName + "_" + UUID.randomUUID().toString().substring(0, 8);
        return new Options(
                replicaName,
                values.get("bind-address"),
                port(values.get("secure-port")),
                new ServingCertificate(certFile, keyFile, namespace, values.get("serving-cert-secret"), hosts,
                        values.get("apiservice-name")),
                values.get("kubeconfig").isEmpty() ? Optional.empty() : Optional.of(Path.of(values.get("kubeconfig"))),
                Duration.ofSeconds(Long.parseLong(values.get("shutdown-drain-seconds"))),
                bool(values, "leader-elect"),
                new LeaseSettings(leaseNamespace, values.get("leader-elect-resource-name"), identity,
                        duration(values, "leader-elect-lease-duration"), duration(values, "leader-elect-renew-deadline"),
                        duration(values, "leader-elect-retry-period")),
                values.get("reconcile-journal").isEmpty() ? Optional.empty()
                        : Optional.of(Path.of(values.get("reconcile-journal"))));
    }

    private static int port(String value) {
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--secure-port must be 1..65535, got " + value);
        }
        return port;
    }

    private static boolean bool(Map<String, String> values, String name) {
        return switch (values.get(name)) {
            case "true" -> true;
            case "false" -> false;
            default -> throw new IllegalArgumentException("--" + name + " must be true or false");
        };
    }

    /** Go-style durations as Kubernetes flags take them: 500ms, 15s, 1m, 2h. */
    static Duration duration(Map<String, String> values, String name) {
        Matcher m = DURATION.matcher(values.get(name));
        if (!m.matches()) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 500ms, 15s or 1m, got "
                    + values.get(name));
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static Optional<Path> optionalPath(Map<String, String> values, String name) {
        String value = values.get(name);
        return value.isEmpty() ? Optional.empty() : Optional.of(Path.of(value));
    }
}
