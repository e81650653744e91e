package dev.jdock.runtime.monitor;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code <bundle>/user} file jdock-monitor writes (temp file and rename, unsynced) when a spec asks for
 * {@code reportuser 1}: the identity the container's process started with, as its init set it before its exec:
 * {@code <uid> <gid> <group> ...\n}, the supplementary groups sorted, each once (the primary group among them).
 * Written again at every start; absent when the process never got that far or its groups did not fit one report.
 */
public final class UserFile {

    public static final String NAME = "user";
    /** A report is one sync message (1 KiB): anything longer is not the monitor's. */
    static final int MAX_BYTES = 1024;

    /** What {@code ContainerStatus.user.linux} reports. */
    public record Identity(long uid, long gid, List<Long> groups) {
        public Identity {
            groups = List.copyOf(groups);
        }
    }

    private UserFile() {
    }

    /** The identity in {@code file}; empty when there is none, or it is not a well-formed report. */
    public static Optional<Identity> read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        } catch (IOException e) { // none yet (NoSuchFileException), a link (ELOOP), unreadable: no identity
            return Optional.empty();
        }
        return bytes.length > MAX_BYTES ? Optional.empty() : parse(new String(bytes, StandardCharsets.US_ASCII));
    }

    static Optional<Identity> parse(String text) {
        if (!text.endsWith("\n")) {
            return Optional.empty();
        }
        String[] f = text.substring(0, text.length() - 1).split(" ", -1);
        if (f.length < 2) {
            return Optional.empty();
        }
        long[] ids = new long[f.length];
        for (int i = 0; i < f.length; i++) {
            ids[i] = id(f[i]);
            if (ids[i] < 0) {
                return Optional.empty();
            }
        }
        List<Long> groups = new ArrayList<>(f.length - 2);
        for (int i = 2; i < f.length; i++) {
            groups.add(ids[i]);
        }
        return Optional.of(new Identity(ids[0], ids[1], groups));
    }

    /** A decimal ID below 2^32, or -1. */
    private static long id(String s) {
        if (s.isEmpty() || s.length() > 10) {
            return -1;
        }
        long v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 0xFFFF_FFFFL ? v : -1;
    }
}
