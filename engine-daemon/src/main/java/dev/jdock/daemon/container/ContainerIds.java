package dev.jdock.daemon.container;

import java.security.SecureRandom;
import java.util.HexFormat;

/** 64-hex container IDs, as Docker makes them (never all digits, so a short ID is never read as a number). */
final class ContainerIds {
    private static final SecureRandom RANDOM = new SecureRandom();

    private ContainerIds() {
    }

    static String generate() {
        byte[] b = new byte[32];
        while (true) {
            RANDOM.nextBytes(b);
            String id = HexFormat.of().formatHex(b);
            if (!id.substring(0, 12).chars().allMatch(Character::isDigit)) {
                return id;
            }
        }
    }

    /** Whether {@code s} has the form of a full ID (64 lower-case hex digits). */
    static boolean isFullId(String s) {
        return s.length() == 64 && s.chars().allMatch(ch -> ch >= '0' && ch <= '9' || ch >= 'a' && ch <= 'f');
    }

    static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }
}
