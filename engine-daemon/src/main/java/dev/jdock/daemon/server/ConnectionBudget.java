package dev.jdock.daemon.server;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the server's connections may hold together while no handler thread works for them: at most
 * {@link ServerLimits#maxConnections()} open connections, and at most {@link ServerLimits#maxHeldBytes()} of request
 * heads and small bodies received for requests whose handler has not started (the codec's buffers, the parsed head,
 * the collected body). The worker bound covers the rest: a connection whose handler runs is "busy" and pays nothing
 * here.
 *
 * <p>Beyond either bound the server does not stop accepting or refuse the newcomer (that would let a few thousand
 * idle or stalled connections lock every other client out, as a hostile client's partial heads exhausted the direct
 * memory and wedged the event loops): it closes the connection that has held bytes the longest, or for the count the
 * oldest connection without a running handler. A client that sends its request at once is served; one that stalls
 * is the first to go.
 */
final class ConnectionBudget {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionBudget.class);
    private static final long WARN_INTERVAL_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final int maxConnections;
    private final long maxHeld;
    /**
     * Open connections, oldest first: in the order they were accepted ({@link #nextAccepted}), not registered. The
     * two event loops register their connections each at its own pace: a connection accepted last but registered
     * early must not count as older than the ones accepted before it.
     */
    private final TreeMap<Long, Account> open = new TreeMap<>();
    private final AtomicLong accepted = new AtomicLong();
    /** Connections holding bytes, in the order they began to hold them. */
    private final LinkedHashSet<Account> holding = new LinkedHashSet<>();
    private long held;
    private long evictions;
    private long lastWarn = System.nanoTime() - WARN_INTERVAL_NANOS;

    ConnectionBudget(int maxConnections, long maxHeld) {
        this.maxConnections = maxConnections;
        this.maxHeld = maxHeld;
    }

    /** One connection's share; {@code close} closes it (from any thread). */
    final class Account {
        private final long order;
        private final Runnable close;
        private long bytes;
        private boolean busy;
        private boolean gone;

        private Account(long order, Runnable close) {
            this.order = order;
            this.close = close;
        }

        /** Bytes arrived: held until a handler starts, unless a handler runs already. */
        void received(int n) {
            apply(evictFor(this, n));
        }

        /** Bytes held so far were dropped (the unread rest of a body after its response). */
        void dropped(int n) {
            synchronized (ConnectionBudget.this) {
                long d = Math.min(n, bytes);
                bytes -= d;
                held -= d;
                if (bytes == 0) {
                    holding.remove(this);
                }
            }
        }

        /** A handler runs for the connection: what it held is the handler's now. */
        void busy() {
            synchronized (ConnectionBudget.this) {
                busy = true;
                release(this);
            }
        }

        /** The request is over: what arrives next is held again. */
        void idle() {
            synchronized (ConnectionBudget.this) {
                busy = false;
            }
        }

        /** The connection closed. */
        void closed() {
            synchronized (ConnectionBudget.this) {
                gone = true;
                open.remove(order, this);
                release(this);
            }
        }
    }

    /** The next number in accept order (called by the listening channel as it accepts, on its event loop). */
    long nextAccepted() {
        return accepted.incrementAndGet();
    }

    /** {@link #open(long, Runnable)} for a connection numbered now. */
    Account open(Runnable close) {
        return open(nextAccepted(), close);
    }

    /**
     * Registers a new connection, {@code order} its {@link #nextAccepted} number, closing the oldest one without a
     * running handler when there are too many.
     */
    Account open(long order, Runnable close) {
        Account a = new Account(order, close);
        List<Account> victims = new ArrayList<>();
        synchronized (this) {
            open.put(order, a);
            if (open.size() > maxConnections) {
                Account v = oldestNotBusy();
                victims.add(v == null ? a : v);
                evicted(v == null ? a : v, "connections");
            }
        }
        apply(victims);
        return a;
    }

    private List<Account> evictFor(Account a, int n) {
        List<Account> victims = new ArrayList<>();
        synchronized (this) {
            if (a.busy || a.gone || n <= 0) {
                return victims;
            }
            a.bytes += n;
            held += n;
            holding.add(a);
            while (held > maxHeld && !holding.isEmpty()) {
                Account v = holding.iterator().next();
                victims.add(v);
                evicted(v, "held bytes");
            }
        }
        return victims;
    }

    private Account oldestNotBusy() {
        for (Iterator<Account> it = open.values().iterator(); it.hasNext();) {
            Account v = it.next();
            if (!v.busy) {
                return v;
            }
        }
        return null;
    }

    /** Under the lock: the victim no longer counts; it is closed once the lock is released. */
    private void evicted(Account v, String bound) {
        v.gone = true;
        open.remove(v.order, v);
        release(v);
        evictions++;
        long now = System.nanoTime();
        if (now - lastWarn >= WARN_INTERVAL_NANOS) {
            lastWarn = now;
            LOG.warn("API connection limits reached ({} connections, {} bytes held without a handler): closing the"
                    + " connections stalled longest (logged once a minute)", maxConnections, maxHeld);
        }
        LOG.debug("closing a connection: over the bound of {}", bound);
    }

    private void release(Account a) {
        held -= a.bytes;
        a.bytes = 0;
        holding.remove(a);
    }

    private static void apply(List<Account> victims) {
        for (Account v : victims) {
            v.close.run();
        }
    }

    /** Open connections (tests). */
    synchronized int connections() {
        return open.size();
    }

    /** Bytes held by connections without a running handler (tests). */
    synchronized long held() {
        return held;
    }

    /** Connections closed to stay within the bounds (tests). */
    synchronized long evictions() {
        return evictions;
    }
}
