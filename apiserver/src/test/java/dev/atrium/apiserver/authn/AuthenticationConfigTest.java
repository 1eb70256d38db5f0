package dev.atrium.apiserver.authn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.atrium.apiserver.tls.CertificateAuthority;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AuthenticationConfigTest {

    private static final CertificateAuthority CLIENT_CA = CertificateAuthority.generate("client-ca", Duration.ofHours(1));
    private static final CertificateAuthority PROXY_CA = CertificateAuthority.generate("proxy-ca", Duration.ofHours(1));

    /** The data kube-apiserver publishes with the usual front-proxy flags. */
    private static Map<String, String> kubeApiserverData() {
        var data = new HashMap<String, String>();
        data.put("client-ca-file", CLIENT_CA.certifiedKey().certificatePem());
        data.put("requestheader-client-ca-file", PROXY_CA.certifiedKey().certificatePem());
        data.put("requestheader-allowed-names", "[\"front-proxy-client\"]");
        data.put("requestheader-username-headers", "[\"X-Remote-User\"]");
        data.put("requestheader-group-headers", "[\"X-Remote-Group\"]");
        data.put("requestheader-extra-headers-prefix", "[\"X-Remote-Extra-\"]");
        return data;
    }

    @Test
    void parsesWhatKubeApiserverPublishes() {
        AuthenticationConfig config = AuthenticationConfig.fromConfigMapData(kubeApiserverData());
        assertEquals(List.of(CLIENT_CA.certificate()), config.clientCa());
        RequestHeaderConfig requestHeader = config.requestHeader();
        assertEquals(List.of(PROXY_CA.certificate()), requestHeader.clientCa());
        assertEquals(List.of("front-proxy-client"), requestHeader.allowedNames());
        assertEquals(List.of("X-Remote-User"), requestHeader.usernameHeaders());
        assertEquals(List.of(), requestHeader.uidHeaders());
        assertEquals(List.of("X-Remote-Group"), requestHeader.groupHeaders());
        assertEquals(List.of("X-Remote-Extra-"), requestHeader.extraHeaderPrefixes());
        assertTrue(requestHeader.enabled());
    }

    @Test
    void caBundleMayHoldSeveralCertificatesAndNamesMayBeEmpty() {
        var data = kubeApiserverData();
        data.put("client-ca-file", CLIENT_CA.certifiedKey().certificatePem() + PROXY_CA.certifiedKey().certificatePem());
        data.put("requestheader-allowed-names", "[]");
        data.put("requestheader-uid-headers", "[\"X-Remote-Uid\"]");
        AuthenticationConfig config = AuthenticationConfig.fromConfigMapData(data);
        assertEquals(List.of(CLIENT_CA.certificate(), PROXY_CA.certificate()), config.clientCa());
        assertEquals(List.of(), config.requestHeader().allowedNames());
        assertEquals(List.of("X-Remote-Uid"), config.requestHeader().uidHeaders());
    }

    @Test
    void missingKeysMeanNotConfigured() {
        AuthenticationConfig onlyClientCa = AuthenticationConfig.fromConfigMapData(
                Map.of("client-ca-file", CLIENT_CA.certifiedKey().certificatePem()));
        assertEquals(1, onlyClientCa.clientCa().size());
        assertFalse(onlyClientCa.requestHeader().enabled());
        assertEquals(AuthenticationConfig.NONE, AuthenticationConfig.fromConfigMapData(Map.of()));
    }

    @Test
    void headerNamesAreTrimmedAndBlankOnesDropped() {
        var data = kubeApiserverData();
        data.put("requestheader-username-headers", "[\" X-Remote-User \", \"\", \"X-Other-User\"]");
        assertEquals(List.of("X-Remote-User", "X-Other-User"),
                AuthenticationConfig.fromConfigMapData(data).requestHeader().usernameHeaders());
    }

    @Test
    void malformedValuesAreErrorsNamingTheKey() {
        var notJson = kubeApiserverData();
        notJson.put("requestheader-allowed-names", "front-proxy-client");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthenticationConfig.fromConfigMapData(notJson))
                .getMessage().startsWith("requestheader-allowed-names"));

        var notStrings = kubeApiserverData();
        notStrings.put("requestheader-group-headers", "[1, 2]");
        assertThrows(IllegalArgumentException.class, () -> AuthenticationConfig.fromConfigMapData(notStrings));

        var notAnArray = kubeApiserverData();
        notAnArray.put("requestheader-username-headers", "{\"a\": 1}");
        assertThrows(IllegalArgumentException.class, () -> AuthenticationConfig.fromConfigMapData(notAnArray));

        var badPem = kubeApiserverData();
        badPem.put("client-ca-file", "-----BEGIN CERTIFICATE-----\nnot base64!\n-----END CERTIFICATE-----\n");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> AuthenticationConfig.fromConfigMapData(badPem))
                .getMessage().startsWith("client-ca-file"));

        var noCertificate = kubeApiserverData();
        noCertificate.put("requestheader-client-ca-file", "just text");
        assertThrows(IllegalArgumentException.class, () -> AuthenticationConfig.fromConfigMapData(noCertificate));
    }

    @Test
    void jsonNullIsEmpty() {
        var data = kubeApiserverData();
        data.put("requestheader-allowed-names", "null");
        assertEquals(List.of(), AuthenticationConfig.fromConfigMapData(data).requestHeader().allowedNames());
    }
}
