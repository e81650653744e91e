package dev.jdock.daemon.store;

import com.sun.jna.LastErrorException;
import com.sun.jna.Library;
import com.sun.jna.Native;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * What a container does to race the daemon, for tests: a thread exchanging two names over and over
 * ({@code renameat2(RENAME_EXCHANGE)}, atomic: both names always exist), e.g. a directory and a symlink to the host,
 * until closed.
 */
public final class NameSwapper implements AutoCloseable {
    private static final int AT_FDCWD = -100;
    private static final int RENAME_EXCHANGE = 2;

    private interface C extends Library {
        C LIBC = Native.load("c", C.class);

        int renameat2(int olddirfd, String oldpath, int newdirfd, String newpath, int flags)
                throws LastErrorException;
    }

    private final Thread thread;
    private final AtomicLong swaps = new AtomicLong();
    private volatile boolean stop;
    private volatile RuntimeException failure;

    /** Starts exchanging {@code a} and {@code b}; returns once the first exchange is done. */
    public NameSwapper(Path a, Path b) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(1);
        thread = new Thread(() -> {
            try {
                while (!stop) {
                    C.LIBC.renameat2(AT_FDCWD, a.toString(), AT_FDCWD, b.toString(), RENAME_EXCHANGE);
                    swaps.incrementAndGet();
                    started.countDown();
                }
            } catch (RuntimeException e) {
                failure = e;
            } finally {
                started.countDown();
            }
        }, "name-swapper");
        thread.setDaemon(true);
        thread.start();
        started.await();
        if (failure != null) {
            throw failure;
        }
    }

    /** Exchanges done so far. */
    public long swaps() {
        return swaps.get();
    }

    /** Stops; the names are left in either order (an even count: as they were). */
    @Override
    public void close() throws InterruptedException {
        stop = true;
        thread.join();
        if (failure != null) {
            throw failure;
        }
    }
}
