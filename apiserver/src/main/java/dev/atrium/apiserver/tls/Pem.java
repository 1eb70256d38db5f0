package dev.atrium.apiserver.tls;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;

/** Reads and writes PEM-encoded certificates and private keys. */
public final class Pem {

    private Pem() {}

    /** All certificates in a PEM bundle, in order; other PEM blocks are skipped. */
    public static List<X509Certificate> readCertificates(String pem) {
        var converter = new JcaX509CertificateConverter();
        var certificates = new ArrayList<X509Certificate>();
        try (var parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof X509CertificateHolder holder) {
                    certificates.add(converter.getCertificate(holder));
                }
            }
        } catch (IOException | CertificateException | RuntimeException e) { // bad base64: DecoderException
            throw new IllegalArgumentException("invalid PEM certificate bundle: " + e.getMessage(), e);
        }
        return List.copyOf(certificates);
    }

    /** The first private key in PEM (PKCS#8 "PRIVATE KEY", "EC PRIVATE KEY" or "RSA PRIVATE KEY"). */
    public static PrivateKey readPrivateKey(String pem) {
        var converter = new JcaPEMKeyConverter();
        try (var parser = new PEMParser(new StringReader(pem))) {
            for (Object block = parser.readObject(); block != null; block = parser.readObject()) {
                if (block instanceof PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (block instanceof PEMKeyPair pair) {
                    // SEC1 keys may leave the public key out; the private part is all we need.
                    return converter.getPrivateKey(pair.getPrivateKeyInfo());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("invalid PEM private key: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("no private key found in PEM");
    }

    public static String encode(List<X509Certificate> certificates) {
        return write(certificates.toArray());
    }

    public static String encode(X509Certificate certificate) {
        return write(certificate);
    }

    /** PKCS#8 "PRIVATE KEY". */
    public static String encode(PrivateKey key) {
        // Written as PKCS#8 explicitly: handed a PrivateKeyInfo, the PEM writer turns EC keys into
        // SEC1 "EC PRIVATE KEY" without the public key, which readers then reject.
        try {
            return write(new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(key, null).generate());
        } catch (org.bouncycastle.util.io.pem.PemGenerationException e) {
            throw new IllegalArgumentException("cannot encode private key", e);
        }
    }

    private static String write(Object... objects) {
        var out = new StringWriter();
        try (var writer = new JcaPEMWriter(out)) {
            for (Object object : objects) {
                writer.writeObject(object);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }
}
