package dev.atrium.apiserver.authn;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1ConfigMap;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the current {@link AuthenticationConfig}: reads the ConfigMap at start and re-reads it
 * periodically (a plain GET every few seconds: simpler than a watch, with no resume or re-list
 * logic, and cheap at one small object per replica). A changed CA or header list takes effect
 * on the next request without a restart. When a read fails or the data is malformed, the last
 * good configuration stays in effect.
 */
public final class AuthenticationConfigSource implements Supplier<AuthenticationConfig>, AutoCloseable {

    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

    private static final Logger LOG = LoggerFactory.getLogger(AuthenticationConfigSource.class);

    /** Returns the ConfigMap's data; an empty map when it does not exist. */
    @FunctionalInterface
    public interface ConfigMapReader {
        Map<String, String> read() throws Exception;
    }

    private final ConfigMapReader reader;
    private final Duration period;
    private final AtomicReference<AuthenticationConfig> current = new AtomicReference<>(AuthenticationConfig.NONE);
    private volatile Map<String, String> lastData;
    private ScheduledExecutorService scheduler;

    public AuthenticationConfigSource(ConfigMapReader reader, Duration period) {
        this.reader = Objects.requireNonNull(reader);
        this.period = period;
    }

    /** Reads {@code kube-system/extension-apiserver-authentication} through {@code client}. */
    public static AuthenticationConfigSource forCluster(ApiClient client, Duration period) {
        var core = new CoreV1Api(client);
        return new AuthenticationConfigSource(() -> {
            try {
                V1ConfigMap configMap = core.readNamespacedConfigMap(
                        AuthenticationConfig.CONFIG_MAP, AuthenticationConfig.NAMESPACE).execute();
                return configMap.getData() == null ? Map.of() : configMap.getData();
            } catch (ApiException e) {
                if (e.getCode() == 404) {
                    return Map.of();
                }
                throw new IllegalStateException("reading ConfigMap " + AuthenticationConfig.NAMESPACE + "/"
                        + AuthenticationConfig.CONFIG_MAP + ": HTTP " + e.getCode(), e);
            }
        }, period);
    }

    @Override
    public AuthenticationConfig get() {
        return current.get();
    }

    public Supplier<RequestHeaderConfig> requestHeader() {
        return () -> current.get().requestHeader();
    }

    public Supplier<java.util.List<java.security.cert.X509Certificate>> clientCa() {
        return () -> current.get().clientCa();
    }

    /** Reads once now (so the first requests see the configuration), then every period. */
    public synchronized void start() {
        if (scheduler != null) {
            return;
        }
        refresh();
        scheduler = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("authentication-config").factory());
        scheduler.scheduleWithFixedDelay(this::refresh, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Reads the ConfigMap and swaps in its configuration if it changed; never throws. */
    public void refresh() {
        Map<String, String> data;
        try {
            data = Map.copyOf(reader.read());
        } catch (Exception e) {
            LOG.warn("cannot read the authentication ConfigMap, keeping the current configuration: {}", e.toString());
            return;
        }
        if (data.equals(lastData)) {
            return;
        }
        try {
            current.set(AuthenticationConfig.fromConfigMapData(data));
            lastData = data;
            LOG.info("authentication configuration loaded from {}/{}", AuthenticationConfig.NAMESPACE,
                    AuthenticationConfig.CONFIG_MAP);
        } catch (RuntimeException e) {
            LOG.warn("malformed authentication ConfigMap, keeping the current configuration: {}", e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (scheduler != null) {
            scheduler.shutdownNow();
            scheduler = null;
        }
    }
}
