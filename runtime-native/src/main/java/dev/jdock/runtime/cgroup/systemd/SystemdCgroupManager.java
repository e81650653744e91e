package dev.jdock.runtime.cgroup.systemd;

import dev.jdock.runtime.cgroup.CgroupException;
import dev.jdock.runtime.cgroup.CgroupFs;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupLayout;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMode;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.CgroupPressure;
import dev.jdock.runtime.cgroup.OwnCgroups;
import dev.jdock.runtime.cgroup.Resources;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The systemd cgroup driver ({@code --exec-opt native.cgroupdriver=systemd}), as runc's with dockerd and containerd:
 * each container is a transient scope {@code <prefix>-<id>.scope} in a slice (the cgroup parent, which must be a
 * slice name; {@code system.slice} without one), started over D-Bus ({@link SystemdBus}) with
 * {@code Delegate=yes} and the limits as unit properties ({@link SystemdProperties}). systemd makes the scope's
 * cgroup in the hierarchies it manages; the rest (v1 controllers systemd leaves alone, the hybrid host's unified
 * child it tracks processes in) are made below the same path by the cgroupfs code, which also reads stats, freezes
 * and kills, as runc's systemd driver uses its fs managers. Paths start at systemd's own root: PID 1's cgroup less
 * its {@code init.scope} (the host's root, or a container's where systemd runs in one).
 *
 * <p>Containers whose cgroups the cgroupfs driver made (before the daemon was switched to systemd) are found where
 * that driver put them ({@link #find} looks for the scope first): they keep running, stats, updates and removal
 * work; a new start places them in a scope.
 */
public final class SystemdCgroupManager implements CgroupManager {
    /** The longest wait for a job of systemd's (runc waits 30 s for StartTransientUnit's). */
    static final Duration JOB_TIMEOUT = Duration.ofSeconds(30);
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SystemdCgroupManager.class);

    private final CgroupManager scopes;
    private final CgroupManager cgroupfs;
    private final SystemdBus bus;
    private final ScopeHolder holder;
    private final SystemdProperties properties;
    private final Path nameSystemd;
    private final OwnCgroups root;
    private final String prefix;
    private final Supplier<String> procDevices;

    /**
     * @param scopes      the cgroupfs code for paths below systemd's root ({@link #systemdRoot})
     * @param cgroupfs    the daemon's cgroupfs driver (containers made before a switch of drivers)
     * @param nameSystemd the {@code name=systemd} hierarchy's mount on v1 and hybrid hosts (the scope's processes are
     *                    placed there too), null on v2
     * @param root        systemd's root cgroups ({@link #systemdRoot})
     * @param prefix      of the scope's name: {@code jdock} gives {@code jdock-<id>.scope}
     */
    public SystemdCgroupManager(CgroupManager scopes, CgroupManager cgroupfs, SystemdBus bus, ScopeHolder holder,
            Path nameSystemd, OwnCgroups root, String prefix, Supplier<String> procDevices) {
        this.scopes = scopes;
        this.cgroupfs = cgroupfs;
        this.bus = bus;
        this.holder = holder;
        this.properties = new SystemdProperties(scopes.mode() == CgroupMode.V2);
        this.nameSystemd = nameSystemd;
        this.root = root;
        this.prefix = prefix;
        this.procDevices = procDevices;
        SystemdNames.scope(prefix, "0");
    }

    /** The manager for a host: {@code init} is PID 1's {@code /proc/1/cgroup}, {@code own} the daemon's. */
    public static SystemdCgroupManager forLayout(CgroupLayout layout, Path nameSystemd, Syscalls sys, CgroupFs fs,
            OwnCgroups own, OwnCgroups init, SystemdBus bus, ScopeHolder holder, Supplier<String> procDevices) {
        OwnCgroups root = systemdRoot(init);
        // the v2 manager starts a relative parent at the parent of the cgroup it is given, which holds processes
        OwnCgroups base = layout.mode() == CgroupMode.V2 ? new OwnCgroups(Map.of("", join(root.of(""), "x")))
                : root;
        return new SystemdCgroupManager(CgroupManager.forLayout(layout, sys, fs, base),
                CgroupManager.forLayout(layout, sys, fs, own), bus, holder, nameSystemd, root, SCOPE_PREFIX, procDevices);
    }

    /**
     * The systemd driver for this host: the layout as {@link CgroupManager#forHost} detects it, systemd's root from
     * {@code /proc/1/cgroup}, and a D-Bus connection made now, so that a daemon configured with the driver where
     * systemd does not answer fails at its start. The only place {@link DbusSystemdBus} (and so dbus-java) is loaded.
     *
     * @param initBinary {@code jdock-init}, the scopes' placeholder ({@code --pause})
     * @throws dev.jdock.runtime.cgroup.CgroupException when systemd does not answer
     */
    public static CgroupManager forHost(Syscalls sys, Path initBinary) {
        String mountinfo;
        try {
            mountinfo = java.nio.file.Files.readString(Path.of("/proc/self/mountinfo"));
        } catch (java.io.IOException e) {
            throw new CgroupException("reading /proc/self/mountinfo: " + e.getMessage(), e);
        }
        CgroupLayout layout = CgroupLayout.of(CgroupMode.detect(sys, Path.of("/sys/fs/cgroup")), mountinfo,
                Path.of("/sys/fs/cgroup"));
        SystemdBus bus = new DbusSystemdBus().connect();
        // on v2 a name=systemd mount mountinfo still lists is one hidden under the cgroup2 mount (not systemd's)
        Path nameSystemd = layout.mode() == CgroupMode.V2 ? null : CgroupLayout.namedHierarchy(mountinfo, "systemd");
        return forLayout(layout, nameSystemd, sys, CgroupFs.REAL,
                OwnCgroups.read(Path.of("/proc/self/cgroup")), OwnCgroups.read(Path.of("/proc/1/cgroup")), bus,
                ScopeHolder.pause(initBinary), SystemdCgroupManager::procDevices);
    }

    private static String procDevices() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/devices"));
        } catch (java.io.IOException e) {
            return "";
        }
    }

    /** systemd's root in each hierarchy: PID 1's cgroups without their trailing {@code init.scope} (runc's rule). */
    public static OwnCgroups systemdRoot(OwnCgroups init) {
        Map<String, String> out = new HashMap<>();
        init.byController().forEach((c, p) -> {
            String path = p.endsWith("/init.scope") ? p.substring(0, p.length() - "/init.scope".length()) : p;
            out.put(c, path.isEmpty() ? "/" : path);
        });
        return new OwnCgroups(out);
    }

    private static String join(String dir, String name) {
        return dir.endsWith("/") ? dir + name : dir + "/" + name;
    }

    @Override
    public CgroupHandle create(String containerId, CgroupParent parent, Resources resources) {
        String slice = slice(parent);
        String unit = SystemdNames.scope(prefix, containerId);
        long t0 = System.nanoTime();
        ScopeHolder.Held held = holder.hold();
        try {
            long t1 = System.nanoTime();
            // Docker's default device rules from the start (v1): most containers keep them, and need no second call
            bus.startTransientUnit(unit, properties.scope("jdock container " + containerId, slice,
                    List.of(held.pid()), resources, defaultDevices()), JOB_TIMEOUT);
            long t2 = System.nanoTime();
            CgroupHandle dirs = scopes.create(unit, scopeParent(slice), resources);
            if (LOG.isDebugEnabled()) {
                LOG.debug("scope {}: placeholder {} ms, StartTransientUnit and its job {} ms, directories {} ms", unit,
                        (t1 - t0) / 1_000_000.0, (t2 - t1) / 1_000_000.0, (System.nanoTime() - t2) / 1_000_000.0);
            }
            return new SystemdHandle(containerId, unit, dirs, nameSystemdDir(slice, unit), bus, properties,
                    procDevices, held, true);
        } catch (RuntimeException e) {
            held.release();
            try {
                bus.stopUnit(unit, JOB_TIMEOUT);
            } catch (RuntimeException stop) {
                e.addSuppressed(stop);
            }
            throw e;
        }
    }

    @Override
    public Optional<CgroupHandle> find(String containerId, CgroupParent parent) {
        String slice;
        try {
            slice = slice(parent);
        } catch (IllegalArgumentException e) {
            return cgroupfs.find(containerId, parent); // a parent only the cgroupfs driver takes
        }
        String unit = SystemdNames.scope(prefix, containerId);
        Optional<CgroupHandle> dirs = scopes.find(unit, scopeParent(slice));
        if (dirs.isEmpty()) {
            return cgroupfs.find(containerId, parent);
        }
        return Optional.of(new SystemdHandle(containerId, unit, dirs.get(), nameSystemdDir(slice, unit), bus,
                properties, procDevices, null, false));
    }

    @Override
    public Optional<CgroupPressure> pressureOf(CgroupParent parent) {
        try {
            return scopes.pressureOf(scopeParent(slice(parent)));
        } catch (IllegalArgumentException e) {
            return cgroupfs.pressureOf(parent);
        }
    }

    private List<UnitProperty> defaultDevices() {
        return properties.devices(false, dev.jdock.runtime.cgroup.DeviceRules.DEFAULT_ALLOW, procDevices.get());
    }

    /** The slice a parent names ({@link SystemdNames#sliceOf}); {@link CgroupParent#DEFAULT}: system.slice. */
    static String slice(CgroupParent parent) {
        return parent.isDefault() ? SystemdNames.DEFAULT_SLICE : SystemdNames.sliceOf(parent.toString());
    }

    /** The slice's path below systemd's root, as the cgroupfs code's parent. */
    private static CgroupParent scopeParent(String slice) {
        return new CgroupParent(false, SystemdNames.expandSlice(slice));
    }

    private Path nameSystemdDir(String slice, String unit) {
        if (nameSystemd == null) {
            return null;
        }
        Path dir = nameSystemd;
        for (String n : new CgroupParent(false, SystemdNames.expandSlice(slice)).from(root.of("name=systemd"))) {
            dir = dir.resolve(n);
        }
        return dir.resolve(unit);
    }

    @Override
    public CgroupMode mode() {
        return scopes.mode();
    }

    @Override
    public OwnCgroups own() {
        return cgroupfs.own();
    }

    @Override
    public String driver() {
        return "systemd";
    }

    /** Checks a cgroup parent as dockerd does with this driver: a slice name. */
    public static void validateParent(String cgroupParent) {
        if (cgroupParent != null && !cgroupParent.isEmpty()) {
            SystemdNames.sliceOf(cgroupParent);
        }
    }

    /** Closes the D-Bus connection. */
    public void close() {
        bus.close();
    }
}
