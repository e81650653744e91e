package dev.jdock.api.value;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.regex.Pattern;

/** A validated content digest, {@code sha256:<64 lowercase hex>} (the only algorithm jdock produces or accepts). */
public record Digest(String algorithm, String hex) {
    private static final Pattern HEX64 = Pattern.compile("[a-f0-9]{64}");

    public Digest {
        if (!"sha256".equals(algorithm)) {
            throw new IllegalArgumentException("unsupported digest algorithm: " + algorithm);
        }
        if (hex == null || !HEX64.matcher(hex).matches()) {
            throw new IllegalArgumentException("invalid checksum digest format: " + algorithm + ":" + hex);
        }
    }

    /** Parses {@code sha256:<hex>}; throws IllegalArgumentException with Docker's wording on a bad value. */
    @JsonCreator
    public static Digest parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("invalid checksum digest format");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("invalid checksum digest format");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    /** Whether {@code text} is a valid {@code sha256:<hex>} digest. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public static Digest ofHex(String hex) {
        return new Digest("sha256", hex);
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return fromHash(newSha256().digest(bytes));
    }

    /** Wraps a finished sha256 hash value. */
    public static Digest fromHash(byte[] sha256) {
        return ofHex(HexFormat.of().formatHex(sha256));
    }

    public static MessageDigest newSha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 missing from the JDK", e);
        }
    }

    /** The first 12 hex characters, as Docker shows IDs. */
    public String shortId() {
        return hex.substring(0, 12);
    }

    @JsonValue
    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }
}
