package dev.jdock.daemon.layer;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.charset.StandardCharsets;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Reads a colon-separated file of a container ({@code /etc/passwd}, {@code /etc/group}) line by line from an open
 * descriptor, stopping at the first match: never the whole file in memory, and bounded (a line longer than
 * {@value #MAX_LINE} bytes, as Go's bufio.Scanner refuses in runc's user package, or more than {@link #MAX_BYTES}
 * read, is an error naming the file).
 */
public final class BoundedLines {
    static final int MAX_LINE = 64 * 1024;
    static final long MAX_BYTES = 16L << 20;

    private BoundedLines() {
    }

    /**
     * The first line (split on ':', empty fields kept) that {@code match} accepts. {@code file} must hold a regular
     * file (checked by the caller: reading a fifo or a device would block or act on it); {@code name} is for errors.
     * No more than the file's size when it is opened is read: a "regular" file of procfs or sysfs, to which a live
     * container root can link its /etc/passwd, has size 0 (or one page) whatever it produces, and {@code /proc/kmsg}
     * would block the reader for good and hand it the host's kernel log.
     */
    public static Optional<String[]> find(Fd file, String name, Predicate<String[]> match) {
        try (InputStream in = Channels.newInputStream(Fs.channel(file, StandardOpenOption.READ))) {
            return find(in, Fs.stat(file).size(), name, match);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + name, e);
        }
    }

    static Optional<String[]> find(InputStream in, String name, Predicate<String[]> match) throws IOException {
        return find(in, Long.MAX_VALUE, name, match);
    }

    /** As above, reading at most {@code size} bytes of {@code in}. */
    static Optional<String[]> find(InputStream in, long size, String name, Predicate<String[]> match)
            throws IOException {
        byte[] buf = new byte[8192];
        byte[] line = new byte[256];
        int len = 0;
        long total = 0;
        int n;
        while (total < size && (n = in.read(buf, 0, (int) Math.min(buf.length, size - total))) > 0) {
            total += n;
            if (total > MAX_BYTES) {
                throw EngineException.invalid(name + " is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            for (int i = 0; i < n; i++) {
                if (buf[i] == '\n') {
                    Optional<String[]> hit = test(line, len, match);
                    if (hit.isPresent()) {
                        return hit;
                    }
                    len = 0;
                    continue;
                }
                if (len == MAX_LINE) {
                    throw EngineException.invalid(name + ": line longer than " + MAX_LINE + " bytes");
                }
                if (len == line.length) {
                    line = Arrays.copyOf(line, Math.min(MAX_LINE, line.length * 2));
                }
                line[len++] = buf[i];
            }
        }
        return test(line, len, match);
    }

    private static Optional<String[]> test(byte[] line, int len, Predicate<String[]> match) {
        String s = new String(line, 0, len, StandardCharsets.UTF_8).strip();
        if (s.isEmpty()) {
            return Optional.empty();
        }
        String[] fields = s.split(":", -1);
        return match.test(fields) ? Optional.of(fields) : Optional.empty();
    }
}
