package dev.jdock.daemon.cri.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * The soft limit of open files of a container's first process, as cAdvisor reads it for
 * {@code container_ulimits_soft{ulimit="max_open_files"}}: the "Max open files" line of {@code /proc/PID/limits}.
 * <p>
 * The kernel writes that file, but the process sets its own limits (under its hard limit), so its text is read as
 * input that is not trusted: at most {@link #MAX_BYTES}, opened without following a link, a line that does not parse
 * being unknown. An unlimited soft limit (cAdvisor's -1) has no value among the CRI's unsigned integers: unknown too,
 * and left out.
 */
public final class ProcLimits {
    /** The file is about 1.6 KiB (16 limits of 80 columns); more is not read. */
    static final int MAX_BYTES = 8192;
    private static final String OPEN_FILES = "Max open files";

    private ProcLimits() {
    }

    /** The soft open files limit of {@code pid} under the proc file system at {@code proc}; -1 when not known. */
    public static long softOpenFiles(Path proc, int pid) {
        if (pid <= 0) {
            return -1;
        }
        String text;
        Path file = proc.resolve(Integer.toString(pid)).resolve("limits");
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)); InputStream in = Channels.newInputStream(ch)) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.US_ASCII);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return -1; // gone meanwhile
        }
        return parse(text);
    }

    /** "Max open files            1024                 1048576              files": the soft column. */
    static long parse(String limits) {
        for (String line : limits.split("\n")) {
            if (!line.startsWith(OPEN_FILES)) {
                continue;
            }
            String[] f = line.substring(OPEN_FILES.length()).trim().split("\\s+");
            if (f.length < 2) {
                return -1;
            }
            try {
                long soft = Long.parseLong(f[0]);
                return soft < 0 ? -1 : soft;
            } catch (NumberFormatException e) {
                return -1; // "unlimited", or not a number
            }
        }
        return -1;
    }
}
