package dev.atrium.apiserver.authn;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import dev.atrium.apiserver.tls.Pem;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Delegated authentication settings, as kube-apiserver publishes them in the ConfigMap
 * {@code kube-system/extension-apiserver-authentication}.
 */
public record AuthenticationConfig(List<X509Certificate> clientCa, RequestHeaderConfig requestHeader) {

    public static final String NAMESPACE = "kube-system";
    public static final String CONFIG_MAP = "extension-apiserver-authentication";

    public static final String CLIENT_CA = "client-ca-file";
    public static final String REQUESTHEADER_CLIENT_CA = "requestheader-client-ca-file";
    public static final String REQUESTHEADER_ALLOWED_NAMES = "requestheader-allowed-names";
    public static final String REQUESTHEADER_USERNAME_HEADERS = "requestheader-username-headers";
    public static final String REQUESTHEADER_UID_HEADERS = "requestheader-uid-headers";
    public static final String REQUESTHEADER_GROUP_HEADERS = "requestheader-group-headers";
    public static final String REQUESTHEADER_EXTRA_HEADERS_PREFIX = "requestheader-extra-headers-prefix";

    public static final AuthenticationConfig NONE = new AuthenticationConfig(List.of(), RequestHeaderConfig.NONE);

    public AuthenticationConfig {
        clientCa = List.copyOf(clientCa);
    }

    /**
     * Parses the ConfigMap's data. Missing keys mean "not configured"; a present but malformed
     * value is an error, so that a bad update never silently disables an authenticator.
     *
     * @throws IllegalArgumentException naming the malformed key
     */
    public static AuthenticationConfig fromConfigMapData(Map<String, String> data) {
        var requestHeader = new RequestHeaderConfig(
                certificates(data, REQUESTHEADER_CLIENT_CA),
                stringArray(data, REQUESTHEADER_ALLOWED_NAMES),
                stringArray(data, REQUESTHEADER_USERNAME_HEADERS),
                stringArray(data, REQUESTHEADER_UID_HEADERS),
                stringArray(data, REQUESTHEADER_GROUP_HEADERS),
                stringArray(data, REQUESTHEADER_EXTRA_HEADERS_PREFIX));
        return new AuthenticationConfig(certificates(data, CLIENT_CA), requestHeader);
    }

    private static List<X509Certificate> certificates(Map<String, String> data, String key) {
        String pem = data.get(key);
        if (pem == null || pem.isBlank()) {
            return List.of();
        }
        try {
            List<X509Certificate> certificates = Pem.readCertificates(pem);
            if (certificates.isEmpty()) {
                throw new IllegalArgumentException("no certificates");
            }
            return certificates;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }

    private static List<String> stringArray(Map<String, String> data, String key) {
        String json = data.get(key);
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            JsonElement element = JsonParser.parseString(json);
            if (element.isJsonNull()) {
                return List.of();
            }
            if (!element.isJsonArray()) {
                throw new IllegalArgumentException("not a JSON array of strings: " + json);
            }
            JsonArray array = element.getAsJsonArray();
            var values = new ArrayList<String>(array.size());
            for (JsonElement value : array) {
                if (!value.isJsonPrimitive() || !value.getAsJsonPrimitive().isString()) {
                    throw new IllegalArgumentException("not a JSON array of strings: " + json);
                }
                values.add(value.getAsString());
            }
            return List.copyOf(values);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException(key + ": not valid JSON: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(key + ": " + e.getMessage(), e);
        }
    }
}
