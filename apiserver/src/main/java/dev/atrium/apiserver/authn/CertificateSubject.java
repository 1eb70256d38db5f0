package dev.atrium.apiserver.authn;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;

/** The subject fields Kubernetes reads from a certificate: common name and organizations. */
record CertificateSubject(String commonName, List<String> organizations) {

    static CertificateSubject of(X509Certificate certificate) {
        X500Name name = X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
        String commonName = "";
        var organizations = new ArrayList<String>();
        for (RDN rdn : name.getRDNs()) {
            for (AttributeTypeAndValue attribute : rdn.getTypesAndValues()) {
                String value = attribute.getValue() instanceof ASN1String string
                        ? string.getString() : attribute.getValue().toString();
                // As Go's pkix.Name: the last CN wins, every O counts, in order.
                if (attribute.getType().equals(BCStyle.CN)) {
                    commonName = value;
                } else if (attribute.getType().equals(BCStyle.O)) {
                    organizations.add(value);
                }
            }
        }
        return new CertificateSubject(commonName, List.copyOf(organizations));
    }
}
