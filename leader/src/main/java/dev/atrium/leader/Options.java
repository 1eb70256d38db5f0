package dev.atrium.leader;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** The replica's command-line flags, {@code --name=value} as Kubernetes components take them. */
public record Options(
        String replicaName,
        String bindAddress,
        int securePort,
        Path tlsCertFile,
        Path tlsPrivateKeyFile,
        Optional<Path> kubeconfig,
        Duration shutdownDrain) {

    private static final Map<String, String> DEFAULTS = Map.of(
            "replica-name", "",
            "bind-address", "0.0.0.0",
            "secure-port", "8443",
            "tls-cert-file", "",
            "tls-private-key-file", "",
            "kubeconfig", "",
            "shutdown-drain-seconds", "5");

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
        return new Options(
                replicaName,
                values.get("bind-address"),
                port(values.get("secure-port")),
                required(values, "tls-cert-file"),
                required(values, "tls-private-key-file"),
                values.get("kubeconfig").isEmpty() ? Optional.empty() : Optional.of(Path.of(values.get("kubeconfig"))),
                Duration.ofSeconds(Long.parseLong(values.get("shutdown-drain-seconds"))));
    }

    private static int port(String value) {
        int port = Integer.parseInt(value);
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("--secure-port must be 1..65535, got " + value);
        }
        return port;
    }

    private static Path required(Map<String, String> values, String name) {
        String value = values.get(name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException("--" + name + " is required");
        }
        return Path.of(value);
    }
}
