package dev.jdock.runtime.cgroup.systemd;

import dev.jdock.runtime.cgroup.CgroupException;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupMetrics;
import dev.jdock.runtime.cgroup.CgroupPressure;
import dev.jdock.runtime.cgroup.CgroupStats;
import dev.jdock.runtime.cgroup.Polling;
import dev.jdock.runtime.cgroup.Resources;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * A container's scope: the cgroup directories below it are handled by the cgroupfs code ({@code dirs}); limits also
 * go to systemd as unit properties, and removal stops the unit.
 */
final class SystemdHandle implements CgroupHandle {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SystemdHandle.class);
    /** How long {@link #launched} waits for the init to show in the scope before it ends the placeholder. */
    private static final Polling INIT_ARRIVES = new Polling(Duration.ofSeconds(2), Duration.ofMillis(1));

    private final String id;
    private final String unit;
    private final CgroupHandle dirs;
    private final Path nameSystemdDir;
    private final SystemdBus bus;
    private final SystemdProperties properties;
    private final Supplier<String> procDevices;
    private volatile ScopeHolder.Held held;
    /** Whether the scope was started with Docker's default device rules as its properties. */
    private final boolean defaultDevices;

    SystemdHandle(String id, String unit, CgroupHandle dirs, Path nameSystemdDir, SystemdBus bus,
            SystemdProperties properties, Supplier<String> procDevices, ScopeHolder.Held held,
            boolean defaultDevices) {
        this.id = id;
        this.unit = unit;
        this.dirs = dirs;
        this.nameSystemdDir = nameSystemdDir;
        this.bus = bus;
        this.properties = properties;
        this.procDevices = procDevices;
        this.held = held;
        this.defaultDevices = defaultDevices;
    }

    /** The scope's unit name. */
    String unit() {
        return unit;
    }

    @Override
    public String containerId() {
        return id;
    }

    @Override
    public List<Path> paths() {
        return dirs.paths();
    }

    /** The cgroupfs ones, then systemd's {@code name=systemd} one on v1 and hybrid hosts. */
    @Override
    public List<Path> procsFiles() {
        List<Path> out = new ArrayList<>(dirs.procsFiles());
        if (nameSystemdDir != null) {
            out.add(nameSystemdDir.resolve("cgroup.procs"));
        }
        return out;
    }

    @Override
    public void addProcess(int pid) {
        dirs.addProcess(pid);
        if (nameSystemdDir != null) {
            try {
                java.nio.file.Files.writeString(nameSystemdDir.resolve("cgroup.procs"), Integer.toString(pid));
            } catch (java.io.IOException e) {
                throw new CgroupException("join " + nameSystemdDir + ": " + e.getMessage(), e);
            }
        }
    }

    /** Ends the placeholder once another process is in the scope (bounded: it ends it anyway after 2 s). */
    @Override
    public void launched() {
        ScopeHolder.Held h = held;
        if (h == null) {
            return;
        }
        held = null;
        if (!INIT_ARRIVES.await(() -> dirs.pids().stream().anyMatch(p -> p != h.pid()))) {
            LOG.debug("scope {}: no process but the placeholder after 2 s", unit);
        }
        h.release();
    }

    /** As unit properties (kept by systemd across its reloads), then the files (what it has no property for). */
    @Override
    public void update(Resources resources) {
        bus.setUnitProperties(unit, properties.resources(resources));
        dirs.update(resources);
    }

    @Override
    public void freeze() {
        dirs.freeze();
    }

    @Override
    public void thaw() {
        dirs.thaw();
    }

    @Override
    public boolean frozen() {
        return dirs.frozen();
    }

    @Override
    public List<Integer> pids() {
        ScopeHolder.Held h = held;
        return h == null ? dirs.pids() : dirs.pids().stream().filter(p -> p != h.pid()).toList();
    }

    @Override
    public CgroupStats stats() {
        return dirs.stats();
    }

    @Override
    public CgroupMetrics metrics() {
        return dirs.metrics();
    }

    @Override
    public CgroupPressure pressure() {
        return dirs.pressure();
    }

    /**
     * The files, then on v1 and hybrid hosts the same rules as unit properties (systemd rewrites the files), unless
     * they are Docker's default ones the scope was started with.
     */
    @Override
    public void setDeviceRules(boolean allowAll, List<String> allow) {
        dirs.setDeviceRules(allowAll, allow);
        if (defaultDevices && !allowAll && allow.equals(dev.jdock.runtime.cgroup.DeviceRules.DEFAULT_ALLOW)) {
            return; // the scope's properties since its start
        }
        List<UnitProperty> devices = properties.devices(allowAll, allow, procDevices.get());
        if (!devices.isEmpty()) {
            long t0 = System.nanoTime();
            bus.setUnitProperties(unit, devices);
            LOG.debug("scope {}: device properties {} ms", unit, (System.nanoTime() - t0) / 1_000_000.0);
        }
    }

    /**
     * Ends the placeholder, kills what is left and removes the directories the cgroupfs code made, then stops the
     * unit (which removes systemd's) and resets it: nothing of the scope is left, whatever failed first.
     */
    @Override
    public void destroy() {
        long t0 = System.nanoTime();
        ScopeHolder.Held h = held;
        held = null;
        if (h != null) {
            h.release();
        }
        RuntimeException failure = null;
        try {
            dirs.destroy();
        } catch (RuntimeException e) {
            failure = e;
        }
        try {
            bus.stopUnit(unit, SystemdCgroupManager.JOB_TIMEOUT);
        } catch (RuntimeException e) {
            if (failure == null) {
                failure = e;
            } else {
                failure.addSuppressed(e);
            }
        }
        LOG.debug("scope {}: removed in {} ms", unit, (System.nanoTime() - t0) / 1_000_000.0);
        if (failure != null) {
            throw failure;
        }
    }
}
