package dev.jdock.runtime.fs;

import com.sun.jna.LastErrorException;

/**
 * An owned file descriptor (opened by {@link Fs}), closed exactly once by {@link #close}. Not thread-safe: one
 * request or walk owns it. Operations on a closed Fd fail with IllegalStateException, never on a reused number.
 */
public final class Fd implements AutoCloseable {
    private int fd;

    Fd(int fd) {
        if (fd < 0) {
            throw new IllegalArgumentException("bad fd " + fd);
        }
        this.fd = fd;
    }

    /** The descriptor number, for a call of the seam; the Fd stays the owner. */
    public int get() {
        if (fd < 0) {
            throw new IllegalStateException("file descriptor already closed");
        }
        return fd;
    }

    public boolean isOpen() {
        return fd >= 0;
    }

    /**
     * {@code /proc/self/fd/N}: opening or chmod-ing this path reaches exactly the inode this descriptor holds (a
     * magic link, never resolved by name), e.g. to reopen an O_PATH descriptor of a regular file for reading.
     */
    public String procPath() {
        return "/proc/self/fd/" + get();
    }

    @Override
    public void close() {
        if (fd < 0) {
            return;
        }
        int n = fd;
        fd = -1;
        try {
            FsNative.close(n);
        } catch (LastErrorException e) {
            // the descriptor is released by the kernel even when close reports an error (EINTR, EIO)
        }
    }

    @Override
    public String toString() {
        return fd < 0 ? "fd(closed)" : "fd(" + fd + ")";
    }
}
