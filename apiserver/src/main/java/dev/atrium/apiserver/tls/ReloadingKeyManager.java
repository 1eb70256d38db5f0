package dev.atrium.apiserver.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose key and certificate can be replaced at runtime. An {@code SSLContext}
 * built on it keeps serving; every new handshake picks up the current certificate, so a
 * certificate rotation needs no server restart.
 *
 * <p>JDK's PKIX key manager chooses the alias (it matches key types and signature schemes per
 * handshake), but the key and chain come from memory: the PKIX manager would read them from its
 * PKCS12 store on every handshake, decrypting the key with PBKDF2 each time (13-18% of a
 * replica's CPU on short requests in the benchmark's profile).
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private static final char[] NO_PASSWORD = new char[0];

    private final AtomicReference<Current> current = new AtomicReference<>();
    private final AtomicLong generation = new AtomicLong();

    /** The PKIX manager's aliases are {@code <builder>.<entry>.<alias>}; the alias names the generation. */
    private record Current(CertifiedKey key, String alias, PrivateKey privateKey, X509Certificate[] chain,
            X509ExtendedKeyManager delegate) {
        boolean chose(String chosen) {
            return chosen != null && chosen.endsWith("." + alias);
        }
    }

    public ReloadingKeyManager(CertifiedKey initial) {
        update(initial);
    }

    /** Makes {@code key} the certificate for all handshakes from now on. */
    public void update(CertifiedKey key) {
        String alias = "serving-" + generation.incrementAndGet();
        KeyStore store = storeWith(key, alias);
        try {
            // Read back from the store: a key from another provider (BouncyCastle names EC keys
            // "ECDSA") becomes the JDK's own, which the handshake's algorithm checks accept.
            PrivateKey privateKey = (PrivateKey) store.getKey(alias, NO_PASSWORD);
            X509Certificate[] chain = Arrays.stream(store.getCertificateChain(alias))
                    .map(X509Certificate.class::cast).toArray(X509Certificate[]::new);
            current.set(new Current(key, alias, privateKey, chain, keyManagerFor(store)));
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable serving key or certificate: " + e.getMessage(), e);
        }
    }

    public CertifiedKey current() {
        return current.get().key();
    }

    private static KeyStore storeWith(CertifiedKey key, String alias) {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(alias, key.privateKey(), NO_PASSWORD, key.chain().toArray(X509Certificate[]::new));
            return store;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("unusable serving key or certificate: " + e.getMessage(), e);
        }
    }

    private static X509ExtendedKeyManager keyManagerFor(KeyStore store) {
        try {
            // PKIX ("NewSunX509") matches key types and signature schemes per handshake.
            var factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, NO_PASSWORD);
            for (var manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("no X509ExtendedKeyManager from KeyManagerFactory PKIX");
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException("unusable serving key or certificate: " + e.getMessage(), e);
        }
    }

    // A swap between choosing an alias and reading its key fails that one handshake (the client
    // retries) rather than pairing a certificate with another's key; later handshakes see the new pair.
    private X509ExtendedKeyManager delegate() {
        return current.get().delegate();
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
        return delegate().chooseEngineServerAlias(keyType, issuers, engine);
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
        return delegate().chooseEngineClientAlias(keyType, issuers, engine);
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
        return delegate().getClientAliases(keyType, issuers);
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
        return delegate().chooseClientAlias(keyType, issuers, socket);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
        return delegate().getServerAliases(keyType, issuers);
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
        return delegate().chooseServerAlias(keyType, issuers, socket);
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
        Current now = current.get();
        return now.chose(alias) ? now.chain().clone() : null;
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        Current now = current.get();
        return now.chose(alias) ? now.privateKey() : null;
    }
}
