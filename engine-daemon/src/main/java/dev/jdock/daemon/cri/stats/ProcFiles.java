package dev.jdock.daemon.cri.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;

/**
 * A small file a container's process makes the kernel write ({@code /proc/PID/limits}, {@code schedstat}, a task's
 * {@code stat}): its text is input that is not trusted, read without following a link and never past a bound.
 */
final class ProcFiles {
    private ProcFiles() {
    }

    /** At most {@code max} bytes from the start of {@code file}; null when it cannot be read (gone meanwhile). */
    static byte[] head(Path file, int max) {
        try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ,
                LinkOption.NOFOLLOW_LINKS)); InputStream in = Channels.newInputStream(ch)) {
            return in.readNBytes(max);
        } catch (IOException | SecurityException | UnsupportedOperationException e) {
            return null;
        }
    }
}
