package dev.jdock.daemon.cri.stats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

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
        byte[] text = ProcFiles.head(proc.resolve(Integer.toString(pid)).resolve("limits"), MAX_BYTES);
        if (text == null) {
            return -1; // gone meanwhile
        }
        return parse(new String(text, StandardCharsets.US_ASCII));
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
