package dev.jdock.daemon.cri.stream;

import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Connects to a port in another network namespace. A socket belongs to the namespace of the thread that created
 * it, and setns(2) with CLONE_NEWNET moves only the calling thread (the netns is per task, not per process, unlike
 * the mount namespace of a multithreaded process, which setns refuses): one dedicated thread enters the pod's
 * namespace, creates and connects the socket there, and goes back to the daemon's own before the next dial. The
 * socket, once made, works from any thread.
 */
final class NetnsDialer implements AutoCloseable {
    static final int CLONE_NEWNET = 0x40000000;
    private static final long CONNECT_TIMEOUT_SECONDS = 10;

    private final Syscalls sys;
    /** The dial thread; replaced (started from a caller, in the daemon's netns) if one could not get back. */
    private ExecutorService thread = newThread();
    /** The daemon's own netns, opened on the dial thread before it ever moves (lazily, on the first dial). */
    private int home = -1;
    /** Set on the dial thread when it could not go back to {@link #home}: it must not dial again. */
    private volatile boolean stranded;

    NetnsDialer(Syscalls sys) {
        this.sys = sys;
    }

    /** A connection to {@code 127.0.0.1:port} in the namespace bind-mounted at {@code netns}. */
    SocketChannel dial(Path netns, int port) throws IOException {
        Future<SocketChannel> f;
        synchronized (this) {
            if (stranded) {
                thread.shutdownNow();
                thread = newThread();
                stranded = false;
            }
            f = thread.submit(() -> dialHere(netns, port));
        }
        try {
            return f.get(CONNECT_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            f.cancel(true);
            throw new IOException("connecting to port " + port + " timed out");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }

    /** On the dial thread. */
    private SocketChannel dialHere(Path netns, int port) throws IOException {
        if (home < 0) {
            home = sys.openReadOnly(Path.of("/proc/thread-self/ns/net"));
        }
        int fd = sys.openReadOnly(netns);
        SocketChannel ch = null;
        try {
            sys.setns(fd, CLONE_NEWNET);
            try {
                ch = SocketChannel.open(StandardProtocolFamily.INET); // IPv4: a pod may have IPv6 off
            } finally {
                try {
                    sys.setns(home, CLONE_NEWNET); // back before anything else runs here
                } catch (RuntimeException e) {
                    stranded = true; // this thread stays in the pod's netns: the next dial gets a new one
                    if (ch != null) {
                        ch.close();
                    }
                    throw e;
                }
            }
        } finally {
            sys.close(fd);
        }
        try {
            ch.socket().connect(new InetSocketAddress("127.0.0.1", port), (int) TimeUnit.SECONDS.toMillis(5));
            return ch;
        } catch (IOException e) {
            ch.close();
            throw e;
        }
    }

    private static ExecutorService newThread() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "cri-netns-dial");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public synchronized void close() {
        thread.shutdownNow();
    }
}
