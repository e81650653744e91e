package dev.jdock.daemon.volume;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.MsFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads /proc/self/mountinfo: whether a path is a mount point in jdockd's mount namespace, and whether the mount a
 * bind source lies on can propagate as asked.
 */
final class MountTable {
    private static final Path MOUNTINFO = Path.of("/proc/self/mountinfo");

    private MountTable() {
    }

    /**
     * Docker's checks before a shared or slave bind (moby's ensureShared, ensureSharedOrSlave): the mount holding
     * {@code source} must be shared (for shared), or shared or a slave (for slave); otherwise the propagation asked
     * for could never happen and the container would silently not see the host's mounts.
     */
    static void requirePropagation(Path source, long propagation) {
        boolean shared = (propagation & MsFlags.MS_SHARED) != 0;
        if (!shared && (propagation & MsFlags.MS_SLAVE) == 0) {
            return;
        }
        String path = source.toAbsolutePath().normalize().toString();
        List<String> lines;
        try {
            lines = Files.readAllLines(MOUNTINFO);
        } catch (IOException e) {
            throw EngineException.system("read " + MOUNTINFO + ": " + e.getMessage(), e);
        }
        Holder h = holder(lines, path).orElseThrow(() -> EngineException.system("no mount holds " + path, null));
        if (shared && !h.shared()) {
            throw EngineException.system("path " + path + " is mounted on " + h.mountPoint()
                    + " but it is not a shared mount", null);
        }
        if (!shared && !h.shared() && !h.slave()) {
            throw EngineException.system("path " + path + " is mounted on " + h.mountPoint()
                    + " but it is not a shared or slave mount", null);
        }
    }

    /** The mount a path lies on, with its propagation (mountinfo's optional fields shared:N, master:N). */
    record Holder(String mountPoint, boolean shared, boolean slave) {
    }

    /** The mount {@code path} lies on: the longest mount point above it, the last one listed when stacked. */
    static Optional<Holder> holder(List<String> mountinfo, String path) {
        Holder best = null;
        for (String line : mountinfo) {
            String[] f = line.split(" ");
            if (f.length < 7) {
                continue;
            }
            String mp = unescape(f[4]);
            boolean covers = mp.equals("/") || path.equals(mp) || path.startsWith(mp + "/");
            if (!covers || best != null && mp.length() < best.mountPoint().length()) {
                continue;
            }
            boolean shared = false;
            boolean slave = false;
            for (int i = 6; i < f.length && !f[i].equals("-"); i++) {
                shared |= f[i].startsWith("shared:");
                slave |= f[i].startsWith("master:");
            }
            best = new Holder(mp, shared, slave);
        }
        return Optional.ofNullable(best);
    }

    static boolean isMountPoint(Path p) {
        String target = p.toAbsolutePath().normalize().toString();
        try {
            for (String line : Files.readAllLines(MOUNTINFO)) {
                String[] f = line.split(" ");
                if (f.length > 4 && unescape(f[4]).equals(target)) {
                    return true;
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }

    /** mountinfo escapes space, tab, newline and backslash as octal. */
    static String unescape(String s) {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 3 < s.length()) {
                b.append((char) Integer.parseInt(s.substring(i + 1, i + 4), 8));
                i += 3;
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
