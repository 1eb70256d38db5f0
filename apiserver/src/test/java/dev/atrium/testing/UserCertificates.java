package dev.atrium.testing;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;

/**
  * Mints client certificates signed by the cluster's client CA: kube-apiserver then
  * authenticates the holder as the certificate's CN, in the groups named by its O values.
  */
final class UserCertificates {
    private final X509Certificate caCertificate;
    private final PrivateKey caKey;
    private final SecureRandom random = new SecureRandom();

    UserCertificates(Path caCertificatePem, Path caKeyPem) {
        try {
            this.caCertificate = new JcaX509CertificateConverter()
                    .getCertificate((X509CertificateHolder) readPem(caCertificatePem));
            Object key = readPem(caKeyPem);
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            this.caKey = key instanceof PEMKeyPair pair
                    ? converter.getKeyPair(pair).getPrivate()
                    : converter.getPrivateKey((PrivateKeyInfo) key);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the client CA", e);
        }
    }

    record Issued(String certificatePem, String privateKeyPem) {}

    Issued issue(String user, List<String> groups) {
        try {
            // RSA, not EC: every client in the tests (client-java, kubectl) reads RSA PKCS#8 keys.
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keyPair = generator.generateKeyPair();
            X500NameBuilder subject = new X500NameBuilder(BCStyle.INSTANCE);
            for (String group : groups) {
                subject.addRDN(BCStyle.O, group);
            }
            subject.addRDN(BCStyle.CN, user);
            Instant now = Instant.now();
            var builder = new JcaX509v3CertificateBuilder(
                    X500Name.getInstance(caCertificate.getSubjectX500Principal().getEncoded()),
                    new BigInteger(64, random).abs().add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofMinutes(5))), Date.from(now.plus(Duration.ofDays(1))),
                    subject.build(), keyPair.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_clientAuth));
            String algorithm = caKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(algorithm).build(caKey)));
            return new Issued(toPem(certificate), toPem(new JcaPKCS8Generator(keyPair.getPrivate(), null)));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a client certificate for " + user, e);
        }
    }

    private static Object readPem(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file); PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            if (object == null) {
                throw new IOException("no PEM object in " + file);
            }
            return object;
        }
    }

    private static String toPem(Object object) throws IOException {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(out)) {
            writer.writeObject(object);
        }
        return out.toString();
    }
}
