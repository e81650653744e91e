package dev.jdock.daemon.container;

import dev.jdock.api.types.container.DeviceMapping;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.DeviceRules;
import dev.jdock.runtime.spec.DeviceSpec;
import dev.jdock.runtime.syscall.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Device nodes and device-cgroup rules: Docker's defaults, {@code --device host[:container][:rwm]} (the host node
 * is stat'ed for its type and numbers) and, for privileged containers, every device node of the host's /dev.
 */
final class DeviceAccess {
    private static final int S_IFMT = 0170000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    /** runc's HostDevices skips these directories and /dev/console. */
    private static final Set<String> SKIPPED_DIRS = Set.of("pts", "shm", "fd", "mqueue", ".lxc", ".lxd-mounts",
            ".udev");

    private DeviceAccess() {
    }

    /** A host device node, as read from the file system. */
    record HostDevice(char type, long major, long minor, int mode, int uid, int gid) {
    }

    /**
     * Create-time check: every PathOnHost must be a device node (moby: "error gathering device information"), its
     * CgroupPermissions a subset of {@code rwm} (empty: all).
     */
    static void validate(HostConfig hc) {
        for (DeviceMapping d : HostConfigValidator.orEmpty(hc.devices())) {
            if (!d.pathInContainer().isEmpty() && !d.pathInContainer().startsWith("/")) {
                throw EngineException.invalid("invalid device mode: " + d.pathInContainer());
            }
            String perms = d.cgroupPermissions();
            if (perms != null && !perms.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'm')) {
                throw EngineException.invalid("invalid device mode: " + perms); // else the start's cgroup rule fails
            }
            stat(Path.of(d.pathOnHost()));
        }
    }

    /** The device nodes to create: the defaults, then the host's (privileged), then the requested ones. */
    static List<DeviceSpec> nodes(List<DeviceSpec> defaults, HostConfig hc) {
        Map<String, DeviceSpec> out = new LinkedHashMap<>();
        defaults.forEach(d -> out.put(d.path(), d));
        if (hc.privileged()) {
            hostDevices().forEach(d -> out.putIfAbsent(d.path(), d));
        }
        for (DeviceMapping m : HostConfigValidator.orEmpty(hc.devices())) {
            HostDevice h = stat(Path.of(m.pathOnHost()));
            String path = m.pathInContainer().isEmpty() ? m.pathOnHost() : m.pathInContainer();
            out.put(path, new DeviceSpec(path, h.type(), (int) h.major(), (int) h.minor(), h.mode(), h.uid(),
                    h.gid()));
        }
        return List.copyOf(out.values());
    }

    /** Applies the device cgroup rules (v1 devices files; on v2, and on hybrid hosts too, an eBPF program). */
    static void applyCgroup(CgroupHandle cg, HostConfig hc) {
        if (hc.privileged()) {
            cg.setDeviceRules(true, List.of());
            return;
        }
        List<String> extra = new ArrayList<>();
        for (DeviceMapping m : HostConfigValidator.orEmpty(hc.devices())) {
            HostDevice h = stat(Path.of(m.pathOnHost()));
            String perms = m.cgroupPermissions().isEmpty() ? "rwm" : m.cgroupPermissions();
            extra.add(DeviceRules.rule(h.type(), h.major(), h.minor(), perms));
        }
        extra.addAll(ExtraResources.deviceRules(hc)); // --device-cgroup-rule, after the devices (moby's order)
        cg.setDeviceRules(false, DeviceRules.withDefaults(extra));
    }

    static HostDevice stat(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode");
            int fmt = mode & S_IFMT;
            if (fmt != S_IFCHR && fmt != S_IFBLK) {
                throw EngineException.invalid("error gathering device information while adding custom device \""
                        + p + "\": not a device node");
            }
            long rdev = (Long) Files.getAttribute(p, "unix:rdev");
            long major = FileModes.major(rdev);
            long minor = FileModes.minor(rdev);
            return new HostDevice(fmt == S_IFCHR ? 'c' : 'b', major, minor, mode & 07777,
                    (Integer) Files.getAttribute(p, "unix:uid"), (Integer) Files.getAttribute(p, "unix:gid"));
        } catch (IOException | UnsupportedOperationException e) {
            throw EngineException.invalid("error gathering device information while adding custom device \""
                    + p + "\": no such file or directory");
        }
    }

    /** Every char/block device under the host's /dev (privileged containers). */
    static List<DeviceSpec> hostDevices() {
        List<DeviceSpec> out = new ArrayList<>();
        Path dev = Path.of("/dev");
        try (Stream<Path> walk = Files.walk(dev)) {
            walk.filter(p -> !p.equals(dev)).filter(p -> !skipped(dev.relativize(p)))
                    .filter(p -> !Files.isSymbolicLink(p) && !Files.isDirectory(p))
                    .forEach(p -> {
                        try {
                            HostDevice h = stat(p);
                            out.add(new DeviceSpec(p.toString(), h.type(), (int) h.major(), (int) h.minor(),
                                    h.mode(), h.uid(), h.gid()));
                        } catch (EngineException e) {
                            // not a device node (a socket, a regular file)
                        }
                    });
        } catch (IOException | java.io.UncheckedIOException e) {
            throw EngineException.system("listing host devices: " + e.getMessage(), e);
        }
        return out;
    }

    private static boolean skipped(Path rel) {
        String first = rel.getName(0).toString();
        return SKIPPED_DIRS.contains(first) || rel.toString().equals("console") || rel.toString().equals("ptmx");
    }
}
