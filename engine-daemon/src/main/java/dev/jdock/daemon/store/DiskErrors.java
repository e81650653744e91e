package dev.jdock.daemon.store;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * The text of a file-system error as dockerd words it: the errno's text in lower case ({@code no space left on
 * device}, {@code read-only file system}), which is what a client shows and what an operator searches for; Java's
 * messages put it behind the path or leave it out.
 */
public final class DiskErrors {
    private DiskErrors() {
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
        if (t instanceof FileSystemException f && f.getReason() == null) {
            return t instanceof java.nio.file.NoSuchFileException ? "no such file or directory"
                    : t instanceof java.nio.file.AccessDeniedException ? "permission denied"
                    : t instanceof java.nio.file.FileAlreadyExistsException ? "file exists"
                    : t instanceof java.nio.file.DirectoryNotEmptyException ? "directory not empty"
                    : t instanceof java.nio.file.NotDirectoryException ? "not a directory" : null;
        }
        String text = t instanceof FileSystemException f ? f.getReason()
                : t instanceof IOException && !(t.getCause() instanceof IOException) ? t.getMessage() : null;
        if (text == null || text.isEmpty() || text.contains("/")) {
            return null;
        }
        return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
