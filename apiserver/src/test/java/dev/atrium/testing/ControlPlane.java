package dev.atrium.testing;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.util.Config;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
  * A running Kubernetes control plane the tests talk to: its admin kubeconfig, its client CA (to
  * mint a certificate for any user and groups), and the pinned kubectl and helm binaries.
  */
public final class ControlPlane {
    private final String name;
    private final Path adminKubeconfig;
    private final String serverUrl;
    private final Path serverCaFile;
    private final UserCertificates users;
    private final Path binDir;
    private final Path workDir;
    private final List<String> atriumReplicaUrls;
    private final ConcurrentMap<String, Path> userKubeconfigs = new ConcurrentHashMap<>();
    private volatile AtriumReplicas replicas;

    ControlPlane(String name, Path adminKubeconfig, String serverUrl, Path serverCaFile,
            UserCertificates users, Path binDir, Path workDir, List<String> atriumReplicaUrls) {
        this.atriumReplicaUrls = List.copyOf(atriumReplicaUrls);
        this.name = name;
        this.adminKubeconfig = adminKubeconfig;
        this.serverUrl = serverUrl;
        this.serverCaFile = serverCaFile;
        this.users = users;
        this.binDir = binDir;
        this.workDir = workDir;
    }

    /**
     * The control plane {@code hack/up} runs with its state in {@code stateDir}, with its Atrium
     * replicas; for tools outside JUnit such as {@code hack/bench}.
     */
    public static ControlPlane local(Path root, Path stateDir) {
        return LocalBackend.read(root, stateDir);
    }

    /** Which backend this is, e.g. "local" or "k3s". */
    public String name() {
        return name;
    }

    public String serverUrl() {
        return serverUrl;
    }

    /**
     * The Atrium replicas' own HTTPS addresses (each answers directly, bypassing kube-apiserver
     * and HAProxy); empty when the backend runs no Atrium.
     */
    public List<String> atriumReplicaUrls() {
        return atriumReplicaUrls;
    }

    /**
     * The Atrium replicas as processes (pids, leader, stop, kill, restart); only for the local
     * backend, whose replicas {@code hack/up} started.
     */
    public AtriumReplicas replicas() {
        if (replicas == null) {
            throw new UnsupportedOperationException("the " + name + " backend runs no Atrium replicas of its own");
        }
        return replicas;
    }

    ControlPlane withReplicas(AtriumReplicas replicas) {
        this.replicas = replicas;
        return this;
    }

    public Path adminKubeconfig() {
        return adminKubeconfig;
    }

    public ApiClient adminClient() {
        return clientFrom(adminKubeconfig);
    }

    /** A kubeconfig that authenticates as {@code user} in {@code groups} by a client certificate. */
    public Path kubeconfigFor(String user, String... groups) {
        String key = user + "|" + String.join(",", groups);
        return userKubeconfigs.computeIfAbsent(key, k -> writeUserKubeconfig(user, List.of(groups)));
    }

    public ApiClient clientFor(String user, String... groups) {
        return clientFrom(kubeconfigFor(user, groups));
    }

    /** The pinned kubectl, run with the admin kubeconfig. */
    public Command kubectl(String... args) {
        return kubectlWith(adminKubeconfig, args);
    }

    public Command kubectlAs(String user, List<String> groups, String... args) {
        return kubectlWith(kubeconfigFor(user, groups.toArray(String[]::new)), args);
    }

    public Command helm(String... args) {
        return new Command(binDir.resolve("helm"), adminKubeconfig, List.of(args));
    }

    private Command kubectlWith(Path kubeconfig, String... args) {
        return new Command(binDir.resolve("kubectl"), kubeconfig, List.of(args));
    }

    private Path writeUserKubeconfig(String user, List<String> groups) {
        try {
            Path dir = Files.createTempDirectory(workDir, "user-");
            UserCertificates.Issued cert = users.issue(user, groups);
            Path crt = Files.writeString(dir.resolve("client.crt"), cert.certificatePem());
            Path key = Files.writeString(dir.resolve("client.key"), cert.privateKeyPem());
            Path kubeconfig = dir.resolve("kubeconfig");
            Files.writeString(kubeconfig, """
                    apiVersion: v1
                    kind: Config
                    clusters:
                    - name: cluster
                      cluster:
                        server: %s
                        certificate-authority: %s
                    users:
                    - name: user
                      user:
                        client-certificate: %s
                        client-key: %s
                    contexts:
                    - name: user
                      context: {cluster: cluster, user: user}
                    current-context: user
                    """.formatted(serverUrl, serverCaFile, crt, key));
            return kubeconfig;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ApiClient clientFrom(Path kubeconfig) {
        try {
            ApiClient client = Config.fromConfig(kubeconfig.toString());
            client.setReadTimeout(0);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
