package dev.jdock.daemon.build;

import dev.jdock.daemon.errors.EngineException;

/** COPY/ADD's {@code --chown=uid[:gid]} and {@code --chmod=octal}. */
final class Chown {
    private Chown() {
    }

    /**
     * {@code {uid, gid}}: root when absent; a lone uid gives the same gid, as moby. Names (resolved in the image's
     * /etc/passwd and /etc/group by moby) are refused for now with a clear error.
     */
    static int[] parse(String chown) {
        if (chown == null || chown.isEmpty()) {
            return new int[] {0, 0};
        }
        String[] parts = chown.split(":", 2);
        int uid = id(parts[0], chown);
        int gid = parts.length == 2 ? id(parts[1], chown) : uid;
        return new int[] {uid, gid};
    }

    private static int id(String s, String chown) {
        try {
            int v = Integer.parseInt(s);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw EngineException.invalid("unable to convert uid/gid chown string to host mapping: --chown=" + chown
                    + ": jdockd takes numeric ids only for now");
        }
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
