package dev.atrium.apiserver.tls;

import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * A key manager whose key and certificate can be replaced at runtime. An {@code SSLContext}
 * built on it keeps serving; every new handshake picks up the current certificate, so a
 * certificate rotation needs no server restart.
 */
public final class ReloadingKeyManager extends X509ExtendedKeyManager {

    private static final char[] NO_PASSWORD = new char[0];

    private final AtomicReference<Current> current = new AtomicReference<>();

    private record Current(CertifiedKey key, X509ExtendedKeyManager delegate) {}

    public ReloadingKeyManager(CertifiedKey initial) {
        update(initial);
    }

    /** Makes {@code key} the certificate for all handshakes from now on. */
    public void update(CertifiedKey key) {
        current.set(new Current(key, keyManagerFor(key)));
    }

    public CertifiedKey current() {
        return current.get().key();
    }

    private static X509ExtendedKeyManager keyManagerFor(CertifiedKey key) {
        try {
            var store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry("serving", key.privateKey(), NO_PASSWORD,
                    key.chain().toArray(X509Certificate[]::new));
            // PKIX ("NewSunX509") matches key types and signature schemes per handshake.
            var factory = KeyManagerFactory.getInstance("PKIX");
            factory.init(store, NO_PASSWORD);
            for (var manager : factory.getKeyManagers()) {
                if (manager instanceof X509ExtendedKeyManager extended) {
                    return extended;
                }
            }
            throw new IllegalStateException("no X509ExtendedKeyManager from KeyManagerFactory PKIX");
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalArgumentException("unusable serving key or certificate: " + e.getMessage(), e);
        }
    }

    // A swap between choosing an alias and reading its key can fail that one handshake (the
    // client retries); every later handshake sees the new pair.
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
        return delegate().getCertificateChain(alias);
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
        return delegate().getPrivateKey(alias);
    }
}
