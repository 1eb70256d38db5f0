package dev.atrium.controllers.virtualcluster;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.regex.Pattern;

/** The namespace a virtual cluster runs in: {@code vc-<project>-<name>}, kept a valid namespace name. */
public final class HostNamespace {
    public static final String PREFIX = "vc-";
    private static final int MAX_LENGTH = 63;
    private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]*[a-z0-9])?");

    private HostNamespace() {
    }

    /**
      * {@code vc-<project>-<name>} when that is a DNS label of at most 63 characters; otherwise it
      * is made one (other characters become '-', cut short) and gets a hash of the instance's key,
      * so two instances never share a name.
      */
    public static String of(String project, String name) {
        String plain = PREFIX + project + "-" + name;
        if (plain.length() <= MAX_LENGTH && DNS_LABEL.matcher(plain).matches()) {
            return plain;
        }
        String suffix = "-" + hash(project + "/" + name);
        String cleaned = plain.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        cleaned = cleaned.substring(0, Math.min(cleaned.length(), MAX_LENGTH - suffix.length()));
        return cleaned.replaceAll("-+$", "") + suffix;
    }

    private static String hash(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
