package dev.atrium.apiserver.tls;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ObjectMeta;
import io.kubernetes.client.openapi.models.V1Secret;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving certificate kept in a Secret that every replica shares. The first replica to find
 * none creates one (create is atomic: the others get 409 and read the winner's); every replica
 * then re-reads it periodically and swaps its TLS key material when it changes, without a
 * restart. A Secret provided by the user (cert-manager, say) works the same, minus the CA key.
 */
public final class ServingCertificateSecret implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ServingCertificateSecret.class);

    private final CoreV1Api core;
    private final String namespace;
    private final String name;
    private final List<String> hosts;
    private final ReloadingKeyManager keyManager;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("serving-certificate").factory());
    private volatile String loadedVersion = "";

    private ServingCertificateSecret(ApiClient client, String namespace, String name, List<String> hosts,
            ReloadingKeyManager keyManager) {
        this.core = new CoreV1Api(client);
        this.namespace = namespace;
        this.name = name;
        this.hosts = List.copyOf(hosts);
        this.keyManager = keyManager;
    }

    /**
     * Loads the Secret, creating it first if absent, and keeps {@link #keyManager()} current.
     *
     * @param hosts the serving certificate's DNS names, used only when this replica creates it
     */
    public static ServingCertificateSecret start(ApiClient client, String namespace, String name, List<String> hosts,
            Duration period) throws ApiException {
        V1Secret secret = readOrCreate(new CoreV1Api(client), namespace, name, hosts);
        var source = new ServingCertificateSecret(client, namespace, name, hosts,
                new ReloadingKeyManager(servingKey(secret)));
        source.loadedVersion = secret.getMetadata().getResourceVersion();
        source.poller.scheduleWithFixedDelay(source::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return source;
    }

    public ReloadingKeyManager keyManager() {
        return keyManager;
    }

    private static V1Secret readOrCreate(CoreV1Api core, String namespace, String name, List<String> hosts)
            throws ApiException {
        Optional<V1Secret> existing = read(core, namespace, name);
        if (existing.isPresent()) {
            return existing.get();
        }
        V1Secret created = new V1Secret().type("kubernetes.io/tls")
                .metadata(new V1ObjectMeta().name(name).namespace(namespace)
                        .labels(Map.of("app.kubernetes.io/managed-by", "atrium")))
                .data(ServingBundle.generate(hosts).toSecretData());
        try {
            V1Secret secret = core.createNamespacedSecret(namespace, created).execute();
            LOG.info("created the serving certificate Secret {}/{} for {}", namespace, name, hosts);
            return secret;
        } catch (ApiException e) {
            if (e.getCode() != 409) {
                throw e;
            }
            LOG.info("another replica created the serving certificate Secret {}/{} first; using it", namespace, name);
            return read(core, namespace, name).orElseThrow(() -> e);
        }
    }

    private static Optional<V1Secret> read(CoreV1Api core, String namespace, String name) throws ApiException {
        try {
            return Optional.of(core.readNamespacedSecret(name, namespace).execute());
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static CertifiedKey servingKey(V1Secret secret) {
        Map<String, byte[]> data = secret.getData();
        if (data == null || data.get("tls.crt") == null || data.get("tls.key") == null) {
            throw new IllegalArgumentException("Secret " + secret.getMetadata().getName() + " has no tls.crt/tls.key");
        }
        return CertifiedKey.fromPem(new String(data.get("tls.crt"), java.nio.charset.StandardCharsets.UTF_8),
                new String(data.get("tls.key"), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Re-reads the Secret; on a new version, swaps the key material. Never throws. */
    public void refresh() {
        try {
            Optional<V1Secret> secret = read(core, namespace, name);
            if (secret.isEmpty()) {
                LOG.warn("serving certificate Secret {}/{} is gone; recreating it", namespace, name);
                secret = Optional.of(readOrCreate(core, namespace, name, hosts));
            }
            String version = secret.get().getMetadata().getResourceVersion();
            if (!version.equals(loadedVersion)) {
                keyManager.update(servingKey(secret.get()));
                loadedVersion = version;
                LOG.info("serving certificate reloaded from Secret {}/{} (version {})", namespace, name, version);
            }
        } catch (ApiException | RuntimeException e) {
            LOG.warn("cannot refresh the serving certificate, keeping the current one: {}", e.toString());
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }
}
