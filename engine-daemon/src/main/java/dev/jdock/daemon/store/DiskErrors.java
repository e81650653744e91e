package dev.jdock.daemon.store;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.syscall.ErrnoWords;
import java.util.Locale;
import java.util.Set;

/**
 * The text of a file-system error as dockerd words it: the errno's text in lower case ({@code no space left on
 * device}, {@code read-only file system}), which is what a client shows and what an operator searches for; Java's
 * messages put it behind the path or leave it out.
 */
public final class DiskErrors {
    /** The daemon's own disk failing, never the fault of a request's input. */
    private static final Set<String> DISK_FAILURES = Set.of("no space left on device", "disk quota exceeded",
            "read-only file system", "input/output error");

    private DiskErrors() {
    }

    /**
     * The error for an I/O failure while reading a client's input into the data root (a layer, an archive, an
     * upload): the daemon's disk failing (full, quota, read-only, I/O error) is a 500 worded as the errno
     * ({@code context: no space left on device}); anything else is the input's fault, a 400.
     */
    public static EngineException inputOrDisk(String context, Throwable e) {
        return isDiskFailure(e) ? EngineException.system(context + ": " + describe(e), e)
                : EngineException.invalid(context + ": " + e.getMessage());
    }

    /** A 500 for a failure of the daemon's own files: {@code context: <errno text>}. */
    public static EngineException system(String context, Throwable e) {
        return EngineException.system(context + ": " + describe(e), e);
    }

    /**
     * The message of {@code e} followed by the errno text of its cause when the message does not say it (a wrapper
     * such as {@code prepare exec <id>} around a full disk).
     */
    public static String withCause(Throwable e) {
        String m = String.valueOf(e.getMessage());
        if (e.getCause() == null) {
            return m;
        }
        String why = describe(e.getCause());
        return m.toLowerCase(Locale.ROOT).contains(why.toLowerCase(Locale.ROOT)) ? m : m + ": " + why;
    }

    /** Whether {@code e} (or a cause) is the daemon's disk failing: full, over quota, read-only, I/O error. */
    public static boolean isDiskFailure(Throwable e) {
        return DISK_FAILURES.contains(describe(e));
    }

    /** The errno text of {@code e} (or of the I/O error it wraps), else its message. */
    public static String describe(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String reason = reason(t);
            if (reason != null) {
                return reason;
            }
        }
        return String.valueOf(e.getMessage());
    }

    /** Whether {@code e} (or a cause) is ENOSPC or EDQUOT: the disk, or the quota, is full. */
    public static boolean isDiskFull(Throwable e) {
        String d = describe(e);
        return d.equals("no space left on device") || d.equals("disk quota exceeded");
    }

    private static String reason(Throwable t) {
        return t instanceof EngineException ? null : ErrnoWords.own(t); // an EngineException's cause tells
    }
}
