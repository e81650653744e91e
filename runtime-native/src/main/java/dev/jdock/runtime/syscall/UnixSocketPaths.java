package dev.jdock.runtime.syscall;

import com.sun.jna.LastErrorException;
import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * UNIX socket paths of any length. The JDK takes 106 bytes in {@code sun_path} and a monitor's socket,
 * {@code <exec-root>/containers/<64 hex>/attach.sock}, passes that under an exec root of more than ~19 characters.
 * Such a socket is reached through an {@code O_PATH} descriptor of its directory, as
 * {@code /proc/self/fd/<fd>/<name>} (systemd does the same): short whatever the exec root, and the directory is the
 * one opened, not a path looked up again. The monitor binds its socket the same way, by name inside its directory.
 */
public final class UnixSocketPaths {
    /**
     * The longest path the JDK connects to as it is: {@code sun_path} holds 108 bytes with the terminating NUL, but
     * {@link UnixDomainSocketAddress} refuses 107 ("Unix domain path too long").
     */
    public static final int MAX_PATH_BYTES = 106;
    private static final int O_PATH = 0x200000;
    private static final int O_DIRECTORY = 0x10000;
    private static final int O_CLOEXEC = 0x80000;

    private UnixSocketPaths() {
    }

    /** Whether {@code socket} fits {@code sun_path} as it is. */
    public static boolean fits(Path socket) {
        return socket.toString().getBytes(StandardCharsets.UTF_8).length <= MAX_PATH_BYTES;
    }

    /** The address to connect to while {@code dirFd} is an open descriptor of the socket's directory. */
    static UnixDomainSocketAddress viaDirectory(int dirFd, Path socket) {
        return UnixDomainSocketAddress.of("/proc/self/fd/" + dirFd + "/" + socket.getFileName());
    }

    /** An action on a socket path that fits {@code sun_path}. */
    @FunctionalInterface
    public interface PathAction<T> {
        T apply(String path) throws IOException;
    }

    /**
     * Runs {@code action} (a bind, by a library that takes a path) with a path for {@code socket} that fits
     * {@code sun_path}: the path itself, or {@code /proc/self/fd/<fd>/<name>} while an {@code O_PATH} descriptor of
     * its directory is open. The socket file is made in that directory either way.
     */
    public static <T> T withShortPath(Path socket, PathAction<T> action) throws IOException {
        if (fits(socket)) {
            return action.apply(socket.toString());
        }
        Path dir = socket.toAbsolutePath().getParent();
        LibC libc = LibC.Holder.INSTANCE;
        int fd;
        try {
            fd = libc.open(dir.toString(), O_PATH | O_DIRECTORY | O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new IOException("open " + dir + ": " + Errno.describe(e.getErrorCode()), e);
        }
        try {
            return action.apply(viaDirectory(fd, socket).getPath().toString());
        } finally {
            libc.close(fd);
        }
    }

    /** Connects {@code ch} to the socket at {@code socket} (absolute), however long its path. */
    public static void connect(SocketChannel ch, Path socket) throws IOException {
        withShortPath(socket, path -> ch.connect(UnixDomainSocketAddress.of(path)));
    }
}
