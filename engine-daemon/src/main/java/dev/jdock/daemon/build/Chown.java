package dev.jdock.daemon.build;

import dev.jdock.daemon.errors.EngineException;

/** COPY/ADD's {@code --chown=user[:group]} (the numeric case) and {@code --chmod=octal}. */
final class Chown {
    private Chown() {
    }

    /** {@code {uid, gid}} for numeric ids ({@code uid[:gid]}; a lone uid gives the same gid), else null: names. */
    static int[] numeric(String chown) {
        String[] parts = chown.split(":", 2);
        Integer uid = id(parts[0]);
        Integer gid = parts.length == 2 ? id(parts[1]) : uid;
        return uid == null || gid == null ? null : new int[] {uid, gid};
    }

    private static Integer id(String s) {
        if (s.isEmpty() || s.length() > 10 || !s.chars().allMatch(Character::isDigit)) {
            return null;
        }
        long v = Long.parseLong(s);
        return v > Integer.MAX_VALUE ? null : (int) v;
    }

    /** An octal mode, as BuildKit's {@code --chmod}. */
    static int mode(String chmod) {
        try {
            int m = Integer.parseInt(chmod, 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("invalid chmod parameter: " + chmod);
        }
    }
}
