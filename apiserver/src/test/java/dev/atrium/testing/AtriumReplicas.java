package dev.atrium.testing;

import io.kubernetes.client.openapi.ApiClient;
import io.kubernetes.client.openapi.ApiException;
import io.kubernetes.client.openapi.apis.CoordinationV1Api;
import io.kubernetes.client.openapi.apis.CoreV1Api;
import io.kubernetes.client.openapi.models.V1Lease;
import io.kubernetes.client.openapi.models.V1Secret;
import io.kubernetes.client.util.ClientBuilder;
import io.kubernetes.client.util.credentials.ClientCertificateAuthentication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The Atrium replicas of a local control plane ({@code hack/up --replicas N}): their pids (from
 * the pid files under {@code <state>/run}), URLs, which one leads, and stopping, killing and
 * restarting them.
 *
 * <p>Only processes this control plane started are ever signalled: a pid is taken from its pid
 * file and signalled only while its command line still names the binary recorded next to it
 * ({@code <state>/run/atrium-<i>.cmd}), as {@code hack/lib/processes.sh} does. Tests that stop or
 * kill replicas restore them with {@link #ensureRunning()} (in a {@code finally} or
 * {@code @AfterEach}).
 */
public final class AtriumReplicas {

    public static final String LEASE_NAMESPACE = "atrium-system";
    public static final String LEASE_NAME = "atrium-controllers";
    private static final Pattern HOLDER = Pattern.compile("atrium-(\\d+)_.*");
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(30);

    /** One replica: its index (1..N), its own HTTPS address, and its pid while it runs. */
    public record Replica(int index, String url, OptionalLong pid) {
        public String name() {
            return "atrium-" + index;
        }

        public boolean running() {
            return pid.isPresent();
        }
    }

    private final Path root;
    private final Path stateDir;
    private final List<String> urls;
    private final Supplier<ApiClient> admin;
    private final Path adminCert;
    private final Path adminKey;
    private HttpClient http;

    AtriumReplicas(Path root, Path stateDir, List<String> urls, Path pkiDir, Supplier<ApiClient> admin) {
        this.root = root;
        this.stateDir = stateDir;
        this.urls = List.copyOf(urls);
        this.admin = admin;
        this.adminCert = pkiDir.resolve("admin.crt");
        this.adminKey = pkiDir.resolve("admin.key");
    }

    /**
     * The CA the replicas' serving certificate chains to: {@code ca.crt} of the Secret the
     * first replica created (the same bytes the leader puts into the APIService's caBundle).
     */
    private byte[] servingCa() {
        try {
            V1Secret secret = new CoreV1Api(admin.get()).readNamespacedSecret("atrium-serving-cert", "atrium-system")
                    .execute();
            return secret.getData().get("ca.crt");
        } catch (ApiException e) {
            throw new IllegalStateException("cannot read the serving certificate Secret: " + e.getResponseBody(), e);
        }
    }

    /** How many replicas the control plane was started with. */
    public int count() {
        return urls.size();
    }

    public List<Replica> list() {
        List<Replica> replicas = new ArrayList<>();
        for (int i = 1; i <= count(); i++) {
            replicas.add(replica(i));
        }
        return replicas;
    }

    public Replica replica(int index) {
        return new Replica(index, url(index), pid(index));
    }

    public String url(int index) {
        check(index);
        return urls.get(index - 1);
    }

    /** The pid of replica {@code index} while it runs (the pid file's, if its command line still matches). */
    public OptionalLong pid(int index) {
        check(index);
        Path pidFile = stateDir.resolve("run/atrium-" + index + ".pid");
        Path cmdFile = stateDir.resolve("run/atrium-" + index + ".cmd");
        try {
            if (!Files.exists(pidFile) || !Files.exists(cmdFile)) {
                return OptionalLong.empty();
            }
            long pid = Long.parseLong(Files.readString(pidFile).trim());
            String binary = Files.readString(cmdFile).trim();
            Path cmdline = Path.of("/proc/" + pid + "/cmdline");
            if (binary.isEmpty() || !Files.isReadable(cmdline)) {
                return OptionalLong.empty();
            }
            // A zombie (killed, not yet reaped) has an empty command line: it is gone.
            String command = new String(Files.readAllBytes(cmdline), StandardCharsets.UTF_8).replace('\0', ' ');
            return command.contains(binary) ? OptionalLong.of(pid) : OptionalLong.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    public boolean running(int index) {
        return pid(index).isPresent();
    }

    /** The Lease's holder identity ({@code atrium-<i>_<suffix>}), if any replica holds it. */
    public Optional<String> leaseHolder() {
        try {
            V1Lease lease = new CoordinationV1Api(admin.get()).readNamespacedLease(LEASE_NAME, LEASE_NAMESPACE).execute();
            String holder = lease.getSpec() == null ? null : lease.getSpec().getHolderIdentity();
            return holder == null || holder.isEmpty() ? Optional.empty() : Optional.of(holder);
        } catch (ApiException e) {
            if (e.getCode() == 404) {
                return Optional.empty();
            }
            throw new IllegalStateException("reading Lease " + LEASE_NAMESPACE + "/" + LEASE_NAME + ": HTTP " + e.getCode(), e);
        }
    }

    /**
     * The index of the replica named by the Lease's holder. The Lease may name a replica that
     * has just died until its term expires; callers that need a live leader check {@link #running}.
     */
    public Optional<Integer> leader() {
        return leaseHolder().map(HOLDER::matcher).filter(Matcher::matches).map(m -> Integer.parseInt(m.group(1)));
    }

    /** Waits until some replica holds the Lease and runs, and returns its index. */
    public int awaitLeader(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<Integer> leader = leader();
            if (leader.isPresent() && leader.get() <= count() && running(leader.get())) {
                return leader.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no running replica holds the Lease within " + timeout.toSeconds()
                        + "s; holder: " + leaseHolder().orElse("none"));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /**
     * Waits until the Lease names a holder that {@code accept}s and whose replica runs; returns
     * the holder's identity. E.g. after a kill, a holder other than the killed one.
     */
    public String awaitLeaseHolder(java.util.function.Predicate<String> accept, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<String> holder = leaseHolder();
            if (holder.isPresent() && accept.test(holder.get())) {
                Matcher m = HOLDER.matcher(holder.get());
                if (m.matches() && Integer.parseInt(m.group(1)) <= count() && running(Integer.parseInt(m.group(1)))) {
                    return holder.get();
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no accepted running holder of the Lease within " + timeout.toSeconds()
                        + "s; holder: " + holder.orElse("none"));
            }
            sleep(Duration.ofMillis(100));
        }
    }

    /** The replica index in a holder identity {@code atrium-<i>_<suffix>}. */
    public static int indexOf(String holder) {
        Matcher m = HOLDER.matcher(holder);
        if (!m.matches()) {
            throw new IllegalArgumentException("not a replica identity: " + holder);
        }
        return Integer.parseInt(m.group(1));
    }

    /** SIGTERM (graceful shutdown), then waits until the process is gone; returns when it was gone. */
    public Instant stop(int index) {
        return signal(index, false);
    }

    /**
     * SIGKILL, then waits until the process is gone; returns when it was gone. The time is also
     * appended to {@code journal/kills.log} ({@code atrium-<i> kill <epoch-nanos>}): a killed
     * replica cannot write the end of its term into its own journal.
     */
    public Instant kill(int index) {
        Instant gone = signal(index, true);
        try {
            Files.createDirectories(journalDir());
            Files.writeString(journalDir().resolve("kills.log"), "atrium-" + index + " kill " + epochNanos(gone) + "\n",
                    StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return gone;
    }

    public static long epochNanos(Instant instant) {
        return instant.getEpochSecond() * 1_000_000_000L + instant.getNano();
    }

    private Instant signal(int index, boolean kill) {
        OptionalLong pid = pid(index);
        if (pid.isEmpty()) {
            throw new IllegalStateException("atrium-" + index + " is not running");
        }
        ProcessHandle process = ProcessHandle.of(pid.getAsLong())
                .orElseThrow(() -> new IllegalStateException("atrium-" + index + " (pid " + pid.getAsLong() + ") is gone"));
        boolean sent = kill ? process.destroyForcibly() : process.destroy();
        if (!sent) {
            throw new IllegalStateException("cannot signal atrium-" + index + " (pid " + pid.getAsLong() + ")");
        }
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (running(index)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("atrium-" + index + " (pid " + pid.getAsLong() + ") still runs "
                        + STOP_TIMEOUT.toSeconds() + "s after " + (kill ? "SIGKILL" : "SIGTERM"));
            }
            sleep(Duration.ofMillis(20));
        }
        return Instant.now();
    }

    /** Starts replica {@code index} again (with any other missing one) and waits until it is ready. */
    public void start(int index) {
        check(index);
        ensureRunning();
    }

    /**
     * {@code hack/up --replicas N}: starts every replica that is not running and waits for each
     * to be ready; harmless when all run.
     */
    public void ensureRunning() {
        List<String> line = List.of(root.resolve("hack/up").toString(), "--replicas", Integer.toString(count()));
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true);
        builder.environment().put("ATRIUM_LOCAL", stateDir.toString());
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                throw new IllegalStateException("hack/up --replicas " + count() + " exited " + process.exitValue()
                        + ":\n" + output);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted starting replicas", e);
        }
    }

    /** Whether replica {@code index} answers {@code /readyz} with 200 right now. */
    public boolean ready(int index) {
        try {
            HttpResponse<String> response = http().send(HttpRequest.newBuilder(URI.create(url(index) + "/readyz"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * A client for replica {@code index} itself (no kube-apiserver, no HAProxy), authenticated
     * with the admin client certificate and verifying the replica's serving certificate.
     */
    public ApiClient client(int index) {
        try {
            ApiClient client = new ClientBuilder().setBasePath(url(index))
                    .setCertificateAuthority(servingCa())
                    .setAuthentication(new ClientCertificateAuthentication(Files.readAllBytes(adminCert),
                            Files.readAllBytes(adminKey)))
                    .build();
            client.setReadTimeout(30_000);
            return client;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The log (standard output and error) of replica {@code index}. */
    public Path log(int index) {
        check(index);
        return stateDir.resolve("logs/atrium-" + index + ".log");
    }

    /**
     * Where the replicas append their controller terms ({@code --reconcile-journal}):
     * {@code atrium-<i>.log} with lines {@code <identity> start|stop <epoch-nanos>}, and
     * {@code kills.log} with the times of {@link #kill}.
     */
    public Path journalDir() {
        return stateDir.resolve("journal");
    }

    private synchronized HttpClient http() {
        if (http != null) {
            return http;
        }
        try {
            X509Certificate ca;
            try (var in = new java.io.ByteArrayInputStream(servingCa())) {
                ca = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
            }
            KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
            trust.load(null, null);
            trust.setCertificateEntry("atrium-serving-ca", ca);
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(trust);
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, tmf.getTrustManagers(), null);
            http = HttpClient.newBuilder().sslContext(tls).connectTimeout(Duration.ofSeconds(2)).build();
            return http;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private void check(int index) {
        if (index < 1 || index > count()) {
            throw new IllegalArgumentException("no replica " + index + "; there are " + count());
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
