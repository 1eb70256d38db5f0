package dev.atrium.apiserver.json;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The hash kube-apiserver names documents by: SHA-512 of the bytes, upper-case hex. */
public final class ContentHash {

    private ContentHash() {
    }

    public static String sha512Hex(byte[] bytes) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-512", e);
        }
    }
}
