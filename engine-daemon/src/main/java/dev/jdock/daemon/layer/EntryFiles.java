package dev.jdock.daemon.layer;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * Creates the file of one tar entry by name in an open directory, without following anything: the returned
 * descriptor holds the new inode, and owner, mode and times are then set on that inode (never through its name,
 * which a running container could have turned into a symlink meanwhile). The caller closes the descriptor.
 */
public final class EntryFiles {
    private EntryFiles() {
    }

    /** Creates directory {@code name} when absent (an existing directory is kept) and opens it. */
    public static Fd directory(Fd parent, String name) {
        try {
            Fs.mkdirat(parent, name, 0700);
        } catch (SyscallException e) {
            if (!e.is(Errno.EEXIST)) {
                throw e;
            }
        }
        return Fs.openat(parent, name, Fs.DIR, 0);
    }

    /** Creates a new, empty regular file (it must not exist), open for writing. */
    public static Fd regular(Fd parent, String name) {
        return Fs.openat(parent, name, Fs.O_WRONLY | Fs.O_CREAT | Fs.O_EXCL | Fs.O_NOFOLLOW, 0600);
    }

    /** A buffer for {@link #write}: direct, so the kernel reads it in place. */
    public static ByteBuffer buffer() {
        return ByteBuffer.allocateDirect(64 * 1024);
    }

    /** Copies {@code data} to its end into the file {@code file} holds; returns the number of bytes. */
    public static long write(Fd file, InputStream data, ByteBuffer buffer) throws IOException {
        byte[] chunk = new byte[Math.min(buffer.capacity(), 16 * 1024)];
        long total = 0;
        int n;
        while ((n = data.read(chunk)) > 0) {
            buffer.clear();
            buffer.put(chunk, 0, n).flip();
            while (buffer.hasRemaining()) { // JNA passes a direct buffer from its position
                buffer.position(buffer.position() + Fs.write(file, buffer, buffer.remaining()));
            }
            total += n;
        }
        return total;
    }

    /** Creates symlink {@code name} -> {@code target} and returns an O_PATH descriptor of the link itself. */
    public static Fd symlink(Fd parent, String name, String target) {
        Fs.symlinkat(target, parent, name);
        return Fs.openat(parent, name, Fs.O_PATH | Fs.O_NOFOLLOW, 0);
    }

    /** Creates a device node or fifo ({@code type}: S_IFCHR, S_IFBLK, S_IFIFO) and returns an O_PATH descriptor. */
    public static Fd node(Fd parent, String name, int type, long dev) {
        Fs.mknodat(parent, name, type | 0600, dev);
        return Fs.openat(parent, name, Fs.O_PATH | Fs.O_NOFOLLOW, 0);
    }
}
