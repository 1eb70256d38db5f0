package dev.atrium.apiserver.tls;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A certificate authority that issues serving and client certificates (ECDSA P-256, SHA-256).
 * Certificates are backdated by a minute to tolerate clock skew between replicas and clients.
 */
public final class CertificateAuthority {

    private static final Duration BACKDATE = Duration.ofMinutes(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertifiedKey ca;

    public CertificateAuthority(CertifiedKey ca) {
        this.ca = ca;
    }

    /** A new self-signed CA. */
    public static CertificateAuthority generate(String commonName, Duration validity) {
        KeyPair keys = newKeyPair();
        var subject = name(commonName, List.of());
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(subject, serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)), subject, keys.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true,
                    new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign | KeyUsage.digitalSignature));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    extensions.createSubjectKeyIdentifier(keys.getPublic()));
            X509Certificate certificate = sign(builder, keys.getPrivate());
            return new CertificateAuthority(new CertifiedKey(keys.getPrivate(), List.of(certificate)));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot create CA certificate", e);
        }
    }

    public X509Certificate certificate() {
        return ca.certificate();
    }

    public CertifiedKey certifiedKey() {
        return ca;
    }

    /** A TLS server certificate; each host is a DNS name or an IP address literal. */
    public CertifiedKey issueServing(String commonName, List<String> hosts, Duration validity) {
        var names = new ArrayList<GeneralName>();
        for (String host : hosts) {
            names.add(isIpLiteral(host)
                    ? new GeneralName(GeneralName.iPAddress, host)
                    : new GeneralName(GeneralName.dNSName, host));
        }
        return issue(commonName, List.of(), validity, KeyPurposeId.id_kp_serverAuth,
                names.isEmpty() ? null : new GeneralNames(names.toArray(GeneralName[]::new)));
    }

    /** A TLS client certificate: Kubernetes reads the user from CN and the groups from O. */
    public CertifiedKey issueClient(String commonName, List<String> organizations, Duration validity) {
        return issue(commonName, organizations, validity, KeyPurposeId.id_kp_clientAuth, null);
    }

    private CertifiedKey issue(String commonName, List<String> organizations, Duration validity,
            KeyPurposeId purpose, GeneralNames subjectAltNames) {
        KeyPair keys = newKeyPair();
        Instant now = Instant.now();
        try {
            var builder = new JcaX509v3CertificateBuilder(certificate(), serial(), Date.from(now.minus(BACKDATE)),
                    Date.from(now.plus(validity)), toPrincipal(commonName, organizations), keys.getPublic());
            var extensions = new JcaX509ExtensionUtils();
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purpose));
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    extensions.createAuthorityKeyIdentifier(certificate()));
            if (subjectAltNames != null) {
                builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames);
            }
            X509Certificate certificate = sign(builder, ca.privateKey());
            return new CertifiedKey(keys.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | CertIOException e) {
            throw new IllegalStateException("cannot issue certificate for " + commonName, e);
        }
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder builder, PrivateKey signer)
            throws GeneralSecurityException {
        try {
            var contentSigner = new JcaContentSignerBuilder(signatureAlgorithm(signer)).build(signer);
            return new JcaX509CertificateConverter().getCertificate(builder.build(contentSigner));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static String signatureAlgorithm(PrivateKey key) {
        return key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : "SHA256withECDSA";
    }

    private static KeyPair newKeyPair() {
        try {
            var generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), RANDOM);
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }

    private static org.bouncycastle.asn1.x500.X500Name name(String commonName, List<String> organizations) {
        var builder = new X500NameBuilder(BCStyle.INSTANCE);
        for (String organization : organizations) {
            builder.addRDN(BCStyle.O, organization);
        }
        builder.addRDN(BCStyle.CN, commonName);
        return builder.build();
    }

    private static X500Principal toPrincipal(String commonName, List<String> organizations) {
        try {
            return new X500Principal(name(commonName, organizations).getEncoded());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }
}
