package dev.atrium.apiserver.tls;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** A private key and its certificate chain, leaf first. */
public record CertifiedKey(PrivateKey privateKey, List<X509Certificate> chain) {

    public CertifiedKey {
        if (chain.isEmpty()) {
            throw new IllegalArgumentException("certificate chain is empty");
        }
        chain = List.copyOf(chain);
    }

    public X509Certificate certificate() {
        return chain.getFirst();
    }

    public static CertifiedKey fromPem(String certificatePem, String privateKeyPem) {
        return new CertifiedKey(Pem.readPrivateKey(privateKeyPem), Pem.readCertificates(certificatePem));
    }

    public static CertifiedKey fromPemFiles(Path certificateFile, Path privateKeyFile) throws IOException {
        return fromPem(Files.readString(certificateFile), Files.readString(privateKeyFile));
    }

    public String certificatePem() {
        return Pem.encode(chain);
    }

    public String privateKeyPem() {
        return Pem.encode(privateKey);
    }

    @Override
    public String toString() {
        return "CertifiedKey[" + certificate().getSubjectX500Principal() + "]";
    }
}
