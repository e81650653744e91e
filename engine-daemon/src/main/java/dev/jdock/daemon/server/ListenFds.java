package dev.jdock.daemon.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The sockets systemd passed to this process (socket activation, sd_listen_fds(3)): {@code LISTEN_FDS} descriptors
 * from fd 3 on, valid only when {@code LISTEN_PID} is this process (a child that inherited the variables has none),
 * named by the colon-separated {@code LISTEN_FDNAMES} (the socket unit's {@code FileDescriptorName=}, by default the
 * unit's name). {@code -H fd://} serves them all, {@code fd://N} descriptor N, {@code fd://NAME} those named NAME,
 * with dockerd's messages when they are missing.
 */
public record ListenFds(List<Fd> fds) {
    public static final String SCHEME = "fd://";
    /** SD_LISTEN_FDS_START. */
    public static final int FIRST_FD = 3;
    /** A bound on what an environment can make the daemon wrap. */
    static final int MAX_FDS = 64;

    /** One passed descriptor and its name ({@code unknown} when LISTEN_FDNAMES does not name it). */
    public record Fd(int fd, String name) {
    }

    public ListenFds {
        fds = List.copyOf(fds);
    }

    /** The descriptors {@code env} passes to the process {@code pid}; none when they are for another process. */
    public static ListenFds fromEnvironment(Map<String, String> env, long pid) {
        String listenPid = env.get("LISTEN_PID");
        String count = env.get("LISTEN_FDS");
        if (listenPid == null || count == null || !listenPid.trim().equals(Long.toString(pid))) {
            return new ListenFds(List.of());
        }
        int n;
        try {
            n = Integer.parseInt(count.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("LISTEN_FDS is not a number: " + count);
        }
        if (n < 0 || n > MAX_FDS) {
            throw new IllegalArgumentException("LISTEN_FDS out of range: " + count);
        }
        String namesVar = env.get("LISTEN_FDNAMES");
        String[] names = namesVar == null ? new String[0] : namesVar.split(":", -1);
        List<Fd> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(new Fd(FIRST_FD + i, i < names.length && !names[i].isEmpty() ? names[i] : "unknown"));
        }
        return new ListenFds(out);
    }

    /**
     * The descriptors {@code spec} (what follows {@code fd://}) asks for: all for "" or "*", descriptor N for a
     * number, else those named {@code spec}. IllegalArgumentException when there are none.
     */
    public List<Fd> select(String spec) {
        if (fds.isEmpty()) {
            throw new IllegalArgumentException(
                    "no sockets found via socket activation: make sure the service was started by systemd");
        }
        if (spec.isEmpty() || spec.equals("*")) {
            return fds;
        }
        if (spec.chars().allMatch(Character::isDigit)) {
            int fd;
            try {
                fd = Integer.parseInt(spec);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("failed to parse systemd fd address: should be a number: " + spec);
            }
            if (fd < FIRST_FD || fd >= FIRST_FD + fds.size()) {
                throw new IllegalArgumentException("too few socket activated files passed in by systemd");
            }
            return List.of(fds.get(fd - FIRST_FD));
        }
        List<Fd> named = fds.stream().filter(f -> f.name().equals(spec)).toList();
        if (named.isEmpty()) {
            throw new IllegalArgumentException("no socket activated file named " + spec + " (LISTEN_FDNAMES: "
                    + String.join(":", fds.stream().map(Fd::name).toList()) + ")");
        }
        return named;
    }
}
