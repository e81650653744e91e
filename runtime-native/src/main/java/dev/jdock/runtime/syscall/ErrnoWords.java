package dev.jdock.runtime.syscall;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystemException;
import java.util.Locale;

/**
 * An I/O failure in the words Go prints for its errno ({@code no such file or directory}, {@code invalid argument}),
 * which is what Docker's messages carry: from a {@link SyscallException}'s errno, a {@link FileSystemException}'s
 * reason or type, or a plain {@link IOException}'s message (the JDK's strerror text, lower-cased at its start).
 */
public final class ErrnoWords {
    private ErrnoWords() {
    }

    /** The words of {@code e} or of the first cause that has some; null when none has. */
    public static String of(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String w = own(t);
            if (w != null) {
                return w;
            }
        }
        return null;
    }

    /** The words of {@code t} itself (not its causes), or null. */
    public static String own(Throwable t) {
        if (t instanceof SyscallException s) {
            return SyscallException.words(s.errno());
        }
        if (t instanceof UncheckedIOException) {
            return null; // its cause tells
        }
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
        return lowerFirst(text);
    }

    private static String lowerFirst(String text) {
        return text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
