package dev.jdock.runtime.cgroup.systemd;

import dev.jdock.runtime.cgroup.CgroupException;
import dev.jdock.runtime.cgroup.systemd.SystemdManagerInterface.JobRemoved;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.connections.AbstractConnection;
import org.freedesktop.dbus.connections.impl.DBusConnectionBuilder;
import org.freedesktop.dbus.connections.impl.DirectConnectionBuilder;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.exceptions.DBusExecutionException;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.UInt64;
import org.freedesktop.dbus.types.Variant;

/**
 * {@link SystemdBus} over D-Bus (dbus-java): systemd's private socket {@code /run/systemd/private} when it exists
 * (root; no bus daemon in between, as runc connects), else the system bus. One connection, made at the first call
 * and made again after it broke (systemd re-executed); its calls are dbus-java's, which are thread-safe and time out.
 * A job is waited for by its {@code JobRemoved} signal, queued per unit from before the call so that a fast job is
 * not missed (one caller at a time per unit: a unit is one container's). On the system bus, where any client may send
 * a signal (the bus's default policy allows them, broadcast or to this connection), a {@code JobRemoved} counts only
 * from the current owner of {@code org.freedesktop.systemd1} (looked up again when another sender shows, as after
 * systemd re-executed); on the private socket only systemd is at the other end. Loaded only with the systemd driver:
 * none of dbus-java's classes load otherwise.
 */
public final class DbusSystemdBus implements SystemdBus {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DbusSystemdBus.class);
    static final Path PRIVATE_SOCKET = Path.of("/run/systemd/private");
    private static final String DEST = "org.freedesktop.systemd1";
    private static final String OBJECT = "/org/freedesktop/systemd1";
    /** A connection whose first call gets no answer is made again (seen once here after a client was killed). */
    private static final int CONNECT_ATTEMPTS = 3;
    private static final BigInteger UINT64_MAX = BigInteger.ONE.shiftLeft(64).subtract(BigInteger.ONE);

    private final Path privateSocket;
    /** Per unit being waited for, the JobRemoved signals of its jobs (path, result) as they come. */
    private final Map<String, BlockingQueue<String[]>> waiting = new ConcurrentHashMap<>();
    private final Object connecting = new Object();
    private volatile AbstractConnection connection;
    private volatile SystemdManagerInterface manager;
    /** On the system bus, the name owner lookup of {@code org.freedesktop.systemd1}; null on the private socket. */
    private volatile java.util.function.Supplier<String> ownerLookup;
    /** The unique name last found owning {@code org.freedesktop.systemd1} (system bus only). */
    private volatile String owner;

    public DbusSystemdBus() {
        this(PRIVATE_SOCKET);
    }

    DbusSystemdBus(Path privateSocket) {
        this.privateSocket = privateSocket;
    }

    /** Connects now: the daemon checks at its start that systemd answers. */
    public DbusSystemdBus connect() {
        manager();
        return this;
    }

    private SystemdManagerInterface manager() {
        SystemdManagerInterface m = manager;
        AbstractConnection c0 = connection;
        if (m != null && c0 != null && c0.isConnected()) {
            return m;
        }
        synchronized (connecting) { // only while connecting (bounded by the socket's connect); no call waits here
            c0 = connection;
            if (manager != null && c0 != null && c0.isConnected()) {
                return manager;
            }
            close();
            CgroupException failure = null;
            for (int attempt = 1; attempt <= CONNECT_ATTEMPTS; attempt++) {
                AbstractConnection c = null;
                try {
                    if (Files.exists(privateSocket)) {
                        c = DirectConnectionBuilder.forAddress("unix:path=" + privateSocket).build();
                        m = ((org.freedesktop.dbus.connections.impl.DirectConnection) c)
                                .getRemoteObject(OBJECT, SystemdManagerInterface.class);
                        ownerLookup = null;
                    } else {
                        c = DBusConnectionBuilder.forSystemBus().build();
                        var sys = (org.freedesktop.dbus.connections.impl.DBusConnection) c;
                        m = sys.getRemoteObject(DEST, OBJECT, SystemdManagerInterface.class);
                        ownerLookup = () -> sys.getDBusOwnerName(DEST);
                        owner = ownerLookup.get();
                    }
                    c.addSigHandler(JobRemoved.class, this::jobRemoved);
                    m.subscribe();
                    connection = c;
                    manager = m;
                    return m;
                } catch (DBusException | DBusExecutionException e) {
                    closeQuietly(c);
                    failure = new CgroupException("connecting to systemd (" + (Files.exists(privateSocket)
                            ? privateSocket : "the system bus") + "): " + e.getMessage(), e);
                    if (!Files.exists(privateSocket) && e instanceof DBusException) {
                        break; // no bus to connect to: no use trying again
                    }
                    LOG.warn("connecting to systemd, attempt {} of {}: {}", attempt, CONNECT_ATTEMPTS,
                            e.getMessage());
                }
            }
            throw failure;
        }
    }

    void jobRemoved(JobRemoved signal) {
        BlockingQueue<String[]> q = waiting.get(signal.unit());
        if (q != null && fromSystemd(signal.getSource())) {
            q.offer(new String[] {signal.job().getPath(), signal.result()});
        }
    }

    /**
     * Whether a signal from {@code sender} is systemd's: always on the private socket; on the system bus when the
     * sender owns {@code org.freedesktop.systemd1} (looked up again on a mismatch: systemd may have re-executed).
     */
    boolean fromSystemd(String sender) {
        java.util.function.Supplier<String> lookup = ownerLookup;
        if (lookup == null) {
            return true;
        }
        if (sender == null) {
            return false;
        }
        if (sender.equals(owner)) {
            return true;
        }
        String now;
        try {
            now = lookup.get();
        } catch (RuntimeException e) {
            return false;
        }
        owner = now;
        if (!sender.equals(now)) {
            LOG.debug("a JobRemoved signal from {}, not from systemd ({}): ignored", sender, now);
            return false;
        }
        return true;
    }

    /** Test seam: the owner lookup of a system bus connection. */
    void ownerLookup(java.util.function.Supplier<String> lookup) {
        ownerLookup = lookup;
        owner = null;
    }

    @Override
    public void startTransientUnit(String unit, List<UnitProperty> properties, Duration timeout) {
        List<SystemdManagerInterface.Property> props = wire(properties);
        try {
            runJob(unit, timeout, "start", () -> manager().startTransientUnit(unit, "replace", props, List.of()));
        } catch (CgroupException e) {
            if (!is(e, "org.freedesktop.systemd1.UnitExists", " already exists.")) {
                throw e;
            }
            // a failed scope systemd keeps under the name (a container's earlier run): reset it, start once more
            resetFailed(unit);
            runJob(unit, timeout, "start", () -> manager().startTransientUnit(unit, "replace", props, List.of()));
        }
    }

    @Override
    public void setUnitProperties(String unit, List<UnitProperty> properties) {
        List<SystemdManagerInterface.Property> props = wire(properties);
        try {
            manager().setUnitProperties(unit, true, props);
        } catch (DBusExecutionException e) {
            throw new CgroupException("setting " + properties + " on " + unit + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void stopUnit(String unit, Duration timeout) {
        try {
            runJob(unit, timeout, "stop", () -> manager().stopUnit(unit, "replace"));
        } catch (CgroupException e) {
            if (!is(e, "org.freedesktop.systemd1.NoSuchUnit", " not loaded.")) {
                throw e;
            }
        }
        resetFailed(unit);
    }

    private void resetFailed(String unit) {
        try {
            manager().resetFailedUnit(unit);
        } catch (DBusExecutionException e) {
            if (!is(e, "org.freedesktop.systemd1.NoSuchUnit", " not loaded.")) {
                LOG.debug("reset-failed {}: {}", unit, e.getMessage());
            }
        }
    }

    /**
     * Whether a failed call is systemd's error {@code name}: by the exception's type where dbus-java has a class of
     * that name, else by the end of systemd's message for it (dbus-java 5 keeps no error name otherwise).
     */
    static boolean is(RuntimeException e, String name, String messageEnd) {
        Throwable t = e instanceof CgroupException && e.getCause() != null ? e.getCause() : e;
        if (!(t instanceof DBusExecutionException d)) {
            return false;
        }
        return name.equals(d.getType()) || d.getMessage() != null && d.getMessage().endsWith(messageEnd);
    }

    /** Calls {@code call} (which queues a job) and waits at most {@code timeout} for its JobRemoved. */
    private void runJob(String unit, Duration timeout, String what, java.util.function.Supplier<DBusPath> call) {
        BlockingQueue<String[]> done = new LinkedBlockingQueue<>(64);
        if (waiting.putIfAbsent(unit, done) != null) {
            throw new CgroupException(what + " " + unit + ": another job of the unit is being waited for");
        }
        try {
            DBusPath job;
            try {
                job = call.get();
            } catch (DBusExecutionException e) {
                throw new CgroupException(what + " " + unit + ": " + e.getMessage(), e);
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            while (true) { // an earlier job of the unit's may end first: wait for ours
                String[] removed = done.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (removed == null) {
                    throw new CgroupException("timeout waiting for systemd to " + what + " " + unit + " ("
                            + timeout + ")");
                }
                if (removed[0].equals(job.getPath())) {
                    if (!removed[1].equals("done")) {
                        throw new CgroupException(what + " " + unit + ": systemd's job ended " + removed[1]);
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CgroupException(what + " " + unit + ": interrupted");
        } finally {
            waiting.remove(unit);
        }
    }

    /** The properties as D-Bus values of their signatures. */
    static List<SystemdManagerInterface.Property> wire(List<UnitProperty> properties) {
        List<SystemdManagerInterface.Property> out = new ArrayList<>();
        for (UnitProperty p : properties) {
            Variant<?> v = switch (p.signature()) {
                case "s" -> new Variant<>((String) p.value());
                case "b" -> new Variant<>((Boolean) p.value());
                case "t" -> new Variant<>((Long) p.value() == UnitProperty.INFINITY ? new UInt64(UINT64_MAX)
                        : new UInt64((Long) p.value()));
                case "au" -> new Variant<>(((List<?>) p.value()).stream()
                        .map(pid -> new UInt32((Integer) pid)).toList(), "au");
                case "ay" -> new Variant<>((byte[]) p.value());
                case "a(ss)" -> new Variant<>(((List<?>) p.value()).stream()
                        .map(d -> (UnitProperty.DeviceAllow) d)
                        .map(d -> new SystemdManagerInterface.Device(d.device(), d.access())).toList(), "a(ss)");
                default -> throw new IllegalArgumentException("unit property type " + p.signature());
            };
            out.add(new SystemdManagerInterface.Property(p.name(), v));
        }
        return out;
    }

    @Override
    public void close() {
        AbstractConnection c = connection;
        connection = null;
        manager = null;
        closeQuietly(c);
    }

    private static void closeQuietly(AbstractConnection c) {
        if (c != null) {
            try {
                c.close();
            } catch (java.io.IOException | RuntimeException e) {
                LOG.debug("closing the connection to systemd: {}", e.getMessage());
            }
        }
    }
}
