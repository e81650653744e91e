package dev.jdock.daemon.layer;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.tukaani.xz.ArrayCache;
import org.tukaani.xz.XZInputStream;

/**
 * The memory of the xz decoders, shared: an xz stream's header chooses its dictionary (xz -9: 64 MiB, the daemon's
 * heap being 128 MiB), so every stream being decoded at once (layers, loads, imports, build contexts, ADD archives)
 * takes its byte arrays from one budget of {@link #BUDGET_KIB}; a stream asking for more than {@link #STREAM_LIMIT_KIB}
 * is refused at its header, one that would overdraw the budget waits for the others (up to {@link #WAIT_MINUTES}).
 * An array comes back to the budget when the decoder returns it (its end, its close, a failed read: the client gone)
 * or, for a stream dropped without a close, when the collector takes it (the ledger holds weak references; a stream
 * kept waiting asks for a collection each second).
 */
final class XzMemory extends ArrayCache {
    /** xz -9's 64 MiB dictionary and the decoder's own 0.1 MiB (xz's largest preset): one stream per request. */
    static final int STREAM_LIMIT_KIB = 65 << 10;
    /** All streams together: one xz -9 stream, or several smaller ones, at a time. */
    static final int BUDGET_KIB = 66 << 10;
    static final long WAIT_MINUTES = 10;

    private static final Object LOCK = new Object();
    private static final List<Held> LIVE = new ArrayList<>();
    private static long usedKib;

    private XzMemory() {
    }

    /** An xz stream decoded within the budget (concatenated streams followed, as xz -d does). */
    static InputStream decode(InputStream in) throws IOException {
        XZInputStream xz = new XZInputStream(in, STREAM_LIMIT_KIB, true, new XzMemory());
        return new FilterInputStream(xz) {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                try {
                    return super.read(b, off, len);
                } catch (UncheckedIOException e) {
                    throw giveBack(e.getCause());
                } catch (IOException e) { // the client went, the stream is cut: its arrays go back at once
                    throw giveBack(e);
                }
            }

            private IOException giveBack(IOException e) {
                try {
                    xz.close();
                } catch (IOException | RuntimeException ignored) {
                    // its arrays are back; the input's own close failed
                }
                return e;
            }
        };
    }

    /** Used, in KiB (for tests). */
    static long usedKib() {
        synchronized (LOCK) {
            purge();
            return usedKib;
        }
    }

    @Override
    public byte[] getByteArray(int size, boolean fillWithZeros) {
        long kib = kib(size);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(WAIT_MINUTES);
        synchronized (LOCK) {
            purge();
            long lastGc = System.nanoTime();
            while (usedKib + kib > BUDGET_KIB) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new UncheckedIOException(new IOException("xz: " + (kib >> 10) + " MiB of decoder memory "
                            + "not free after " + WAIT_MINUTES + " minutes (other xz streams hold it)"));
                }
                if (System.nanoTime() - lastGc > TimeUnit.SECONDS.toNanos(1)) {
                    // a stream a caller stopped reading and never closed keeps its arrays until they are collected
                    System.gc();
                    lastGc = System.nanoTime();
                }
                try {
                    LOCK.wait(Math.min(TimeUnit.NANOSECONDS.toMillis(left) + 1, 200)); // then look for dropped arrays
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new UncheckedIOException(new InterruptedIOException("interrupted waiting for xz memory"));
                }
                purge();
            }
            byte[] a = new byte[size];
            LIVE.add(new Held(a, kib));
            usedKib += kib;
            return a;
        }
    }

    @Override
    public void putArray(byte[] array) {
        synchronized (LOCK) {
            for (int i = 0; i < LIVE.size(); i++) {
                if (LIVE.get(i).get() == array) {
                    usedKib -= LIVE.remove(i).kib;
                    LOCK.notifyAll();
                    return;
                }
            }
        }
    }

    private static void purge() {
        boolean freed = false;
        for (int i = LIVE.size() - 1; i >= 0; i--) {
            if (LIVE.get(i).get() == null) { // a stream dropped without its close: the collector took its array
                usedKib -= LIVE.remove(i).kib;
                freed = true;
            }
        }
        if (freed) {
            LOCK.notifyAll();
        }
    }

    /** A lent array, weakly held, and its size. */
    private static final class Held extends WeakReference<byte[]> {
        final long kib;

        Held(byte[] array, long kib) {
            super(array);
            this.kib = kib;
        }
    }

    private static long kib(int size) {
        return (size + 1023L) >> 10;
    }
}
