package dev.jdock.daemon.network.netlink;

import com.sun.jna.LastErrorException;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs work inside another network namespace on a dedicated thread that is thrown away afterwards: setns is
 * per-thread and inherited by threads it starts, so it must never happen on a pool thread (linux-facts §1).
 */
public final class Netns {
    private Netns() {
    }

    /** An fd for {@code /proc/<pid>/ns/net} (close it with {@link #close}). */
    public static int open(String path) {
        try {
            return NetLib.C.open(path, NetLib.O_RDONLY | NetLib.O_CLOEXEC);
        } catch (LastErrorException e) {
            throw new NetlinkException("open " + path, e.getErrorCode());
        }
    }

    public static void close(int fd) {
        try {
            NetLib.C.close(fd);
        } catch (LastErrorException ignored) {
            // best effort
        }
    }

    /** Calls {@code work} on a fresh thread that has joined the netns at {@code nsPath}; waits for it. */
    public static <T> T run(String nsPath, Callable<T> work) {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread t = new Thread(() -> {
            int fd = -1;
            try {
                fd = open(nsPath);
                NetLib.C.setns(fd, NetLib.CLONE_NEWNET);
                result.set(work.call());
            } catch (LastErrorException e) {
                failure.set(new NetlinkException("setns " + nsPath, e.getErrorCode()));
            } catch (Throwable e) {
                failure.set(e);
            } finally {
                if (fd >= 0) {
                    close(fd);
                }
            }
        }, "netns-worker");
        t.setDaemon(true);
        t.start();
        try {
            t.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NetlinkException("interrupted while configuring " + nsPath, 0);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) {
            throw re;
        }
        if (f != null) {
            throw new NetlinkException(f.toString(), 0);
        }
        return result.get();
    }
}
