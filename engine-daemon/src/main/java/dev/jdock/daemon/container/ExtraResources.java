package dev.jdock.daemon.container;

import dev.jdock.api.types.container.DeviceRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.ThrottleDevice;
import dev.jdock.api.types.container.WeightDevice;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.syscall.FileModes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HostConfig fields beyond {@link dev.jdock.runtime.cgroup.Resources}, as moby treats them: checked at create
 * with its messages, applied at start (cgroup v1 files, or their v2 equivalents), and where this host has no way to
 * honour one, refused with moby's error (or, where moby discards it with a warning, discarded with that warning).
 * MemorySwappiness, CpuRealtimePeriod/Runtime, the Blkio device limits, DeviceCgroupRules ({@link DeviceAccess}),
 * Masked/ReadonlyPaths, StorageOpt, DeviceRequests, UsernsMode, CgroupParent (checked here: {@link CgroupParent}).
 */
final class ExtraResources {
    private static final Logger LOG = LoggerFactory.getLogger(ExtraResources.class);
    /** moby's deviceCgroupRuleRegex. */
    static final Pattern DEVICE_RULE = Pattern.compile("^([acb]) ([0-9]+|\\*):([0-9]+|\\*) ([rwm]{1,3})$");

    private ExtraResources() {
    }

    /** Create-time checks (moby's verifyPlatformContainerResources and the graph driver's StorageOpt checks). */
    static void validate(HostConfig hc, Path cgroupRoot) {
        Long sw = hc.memorySwappiness();
        if (sw != null && sw != -1 && (sw < 0 || sw > 100)) {
            throw EngineException.invalid("Invalid value: " + sw + ", valid memory swappiness range is 0-100");
        }
        validateRealtime(hc, cgroupRoot);
        Map<String, String> so = hc.storageOpt();
        if (so != null && !so.isEmpty()) {
            // overlay2 without an xfs project quota (jdock has none): moby's CreateReadWrite, then parseStorageOpt
            if (so.containsKey("size")) {
                throw EngineException.system("--storage-opt is supported only for overlay over xfs with 'pquota' "
                        + "mount option", null);
            }
            throw EngineException.system("Unknown option " + so.keySet().iterator().next(), null);
        }
        String userns = hc.usernsMode() == null ? "" : hc.usernsMode();
        if (!List.of("", "host", "private").contains(userns)) {
            throw EngineException.invalid("invalid user namespace mode: " + userns);
        }
        try {
            CgroupParent.parse(hc.cgroupParent());
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }

    /** A HostConfig after moby's discards, with the create warnings that say so. */
    record Adapted(HostConfig hostConfig, List<String> warnings) {
    }

    /**
     * moby's verifyPlatformContainerResources for the limits a host may lack: each one the host's cgroups cannot
     * take (v1 file in its controller's mount, or the v2 {@code io} controller) is discarded with moby's warning,
     * which the create answers.
     */
    static Adapted discardUnsupported(HostConfig hc, Path cgroupRoot) {
        List<String> warnings = new ArrayList<>();
        HostConfig.Builder b = hc.toBuilder();
        boolean io = v2Controllers(cgroupRoot).contains("io");
        if (hc.memorySwappiness() != null && hc.memorySwappiness() >= 0
                && !Files.exists(cgroupRoot.resolve("memory/memory.swappiness"))) {
            warnings.add("Your kernel does not support memory swappiness capabilities or the cgroup is not mounted. "
                    + "Memory swappiness discarded.");
            b.memorySwappiness(null);
        }
        if (hc.blkioWeight() > 0 && !Files.exists(cgroupRoot.resolve("blkio/blkio.weight")) && !io) {
            // before the range check, as moby: an unsupported weight of 5 is discarded, not refused
            warnings.add("Your kernel does not support Block I/O weight or the cgroup is not mounted. "
                    + "Weight discarded.");
            b.blkioWeight(0);
        }
        if (!HostConfigValidator.orEmpty(hc.blkioWeightDevice()).isEmpty()
                && !Files.exists(cgroupRoot.resolve("blkio/blkio.weight_device")) && !io) {
            warnings.add("Your kernel does not support Block I/O weight_device or the cgroup is not mounted. "
                    + "Weight-device discarded.");
            b.blkioWeightDevice(List.of());
        }
        String[][] throttles = {
            {"read_bps_device", "BPS Block I/O read limit", "Block I/O BPS read limit"},
            {"write_bps_device", "BPS Block I/O write limit", "Block I/O BPS write limit"},
            {"read_iops_device", "IOPS Block read limit", "Block I/O IOPS read limit"},
            {"write_iops_device", "IOPS Block write limit", "Block I/O IOPS write limit"}};
        List<List<ThrottleDevice>> given = List.of(HostConfigValidator.orEmpty(hc.blkioDeviceReadBps()),
                HostConfigValidator.orEmpty(hc.blkioDeviceWriteBps()),
                HostConfigValidator.orEmpty(hc.blkioDeviceReadIOps()),
                HostConfigValidator.orEmpty(hc.blkioDeviceWriteIOps()));
        for (int i = 0; i < throttles.length; i++) {
            if (!given.get(i).isEmpty() && !io
                    && !Files.exists(cgroupRoot.resolve("blkio/blkio.throttle." + throttles[i][0]))) {
                warnings.add("Your kernel does not support " + throttles[i][1] + " or the cgroup is not mounted. "
                        + throttles[i][2] + " discarded.");
                switch (i) {
                    case 0 -> b.blkioDeviceReadBps(List.of());
                    case 1 -> b.blkioDeviceWriteBps(List.of());
                    case 2 -> b.blkioDeviceReadIOps(List.of());
                    default -> b.blkioDeviceWriteIOps(List.of());
                }
            }
        }
        return new Adapted(warnings.isEmpty() ? hc : b.build(), warnings);
    }

    /** The controllers of a pure v2 host's root ({@code cgroup.controllers}); none on v1 and hybrid hosts. */
    private static List<String> v2Controllers(Path cgroupRoot) {
        try {
            return List.of(Files.readString(cgroupRoot.resolve("cgroup.controllers")).trim().split("\\s+"));
        } catch (IOException e) {
            return List.of();
        }
    }

    /** moby's defaults recorded at create: Docker's masked and read-only paths unless privileged or unconfined. */
    static HostConfig withSystemPaths(HostConfig hc) {
        if (hc.privileged()) {
            return hc;
        }
        boolean unconfined = HostConfigValidator.orEmpty(hc.securityOpt()).stream()
                .anyMatch(o -> o.equals("systempaths=unconfined") || o.equals("systempaths:unconfined"));
        HostConfig.Builder b = hc.toBuilder();
        if (unconfined) {
            return b.maskedPaths(List.of()).readonlyPaths(List.of()).build();
        }
        return b.maskedPaths(hc.maskedPaths() == null ? DockerDefaults.MASKED_PATHS : hc.maskedPaths())
                .readonlyPaths(hc.readonlyPaths() == null ? DockerDefaults.READONLY_PATHS : hc.readonlyPaths())
                .build();
    }

    static List<String> maskedPaths(HostConfig hc) {
        return hc.privileged() ? List.of()
                : hc.maskedPaths() != null ? hc.maskedPaths() : DockerDefaults.MASKED_PATHS;
    }

    static List<String> readonlyPaths(HostConfig hc) {
        return hc.privileged() ? List.of()
                : hc.readonlyPaths() != null ? hc.readonlyPaths() : DockerDefaults.READONLY_PATHS;
    }

    /** Start-time checks that moby makes while building the spec (500, as its start answers them). */
    static void checkSpec(HostConfig hc) {
        for (String rule : HostConfigValidator.orEmpty(hc.deviceCgroupRules())) {
            if (!DEVICE_RULE.matcher(rule).matches()) {
                throw EngineException.system("invalid device cgroup rule format: '" + rule + "'", null);
            }
        }
        for (DeviceRequest r : HostConfigValidator.orEmpty(hc.deviceRequests())) {
            // no device drivers (moby's are nvidia's, registered only where its toolkit is installed)
            String caps = r.capabilities() == null ? "[]" : r.capabilities().stream()
                    .map(l -> "[" + String.join(" ", l) + "]").collect(Collectors.joining(" ", "[", "]"));
            throw EngineException.system("could not select device driver \"" + (r.driver() == null ? ""
                    : r.driver()) + "\" with capabilities: " + caps, null);
        }
    }

    /** The device-cgroup rules in the v1 syntax, {@code *} for any number (moby's conversion of the regex groups). */
    static List<String> deviceRules(HostConfig hc) {
        List<String> out = new ArrayList<>();
        for (String rule : HostConfigValidator.orEmpty(hc.deviceCgroupRules())) {
            Matcher m = DEVICE_RULE.matcher(rule);
            if (m.matches()) {
                out.add(m.group(1) + " " + m.group(2) + ":" + m.group(3) + " " + m.group(4));
            }
        }
        return out;
    }

    /** moby's verifyPlatformContainerResources for the real-time CPU fields (create and update). */
    static void validateRealtime(HostConfig hc, Path cgroupRoot) {
        if ((hc.cpuRealtimePeriod() != 0 || hc.cpuRealtimeRuntime() != 0) && realtimeFile(cgroupRoot).isEmpty()) {
            throw EngineException.invalid("Your kernel does not support CPU real-time scheduler");
        }
        if (hc.cpuRealtimePeriod() != 0 && hc.cpuRealtimeRuntime() != 0
                && hc.cpuRealtimeRuntime() > hc.cpuRealtimePeriod()) {
            throw EngineException.invalid("cpu real-time runtime cannot be higher than cpu real-time period");
        }
    }

    /** Applies swappiness, real-time CPU and block I/O device limits to a new container's cgroups. */
    static void apply(CgroupHandle cg, HostConfig hc) {
        Long sw = hc.memorySwappiness();
        if (sw != null && sw >= 0) {
            Optional<Path> f = file(cg, "memory.swappiness");
            if (f.isPresent()) {
                write(f.get(), Long.toString(sw));
            } else {
                LOG.warn("{}: Your kernel does not support memory swappiness capabilities or the cgroup is not "
                        + "mounted. Memory swappiness discarded.", cg.containerId());
            }
        }
        if (hc.cpuRealtimePeriod() != 0) {
            write(required(cg, "cpu.rt_period_us"), Long.toString(hc.cpuRealtimePeriod()));
        }
        if (hc.cpuRealtimeRuntime() != 0) {
            write(required(cg, "cpu.rt_runtime_us"), Long.toString(hc.cpuRealtimeRuntime()));
        }
        throttle(cg, hc.blkioDeviceReadBps(), "blkio.throttle.read_bps_device", "rbps");
        throttle(cg, hc.blkioDeviceWriteBps(), "blkio.throttle.write_bps_device", "wbps");
        throttle(cg, hc.blkioDeviceReadIOps(), "blkio.throttle.read_iops_device", "riops");
        throttle(cg, hc.blkioDeviceWriteIOps(), "blkio.throttle.write_iops_device", "wiops");
        for (WeightDevice w : HostConfigValidator.orEmpty(hc.blkioWeightDevice())) {
            Optional<Path> f = file(cg, "blkio.weight_device").or(() -> file(cg, "io.bfq.weight"));
            if (f.isEmpty()) {
                LOG.warn("{}: Your kernel does not support Block I/O weight_device or the cgroup is not mounted. "
                        + "Weight-device discarded.", cg.containerId());
                return;
            }
            write(f.get(), device(w.path()) + " " + w.weight());
        }
    }

    /** v1 {@code blkio.throttle.*_device}, else v2 {@code io.max} ({@code MAJ:MIN key=value}). */
    private static void throttle(CgroupHandle cg, List<ThrottleDevice> limits, String v1, String v2key) {
        for (ThrottleDevice t : HostConfigValidator.orEmpty(limits)) {
            String dev = device(t.path());
            Optional<Path> f = file(cg, v1);
            if (f.isPresent()) {
                write(f.get(), dev + " " + t.rate());
            } else {
                write(required(cg, "io.max"), dev + " " + v2key + "=" + t.rate());
            }
        }
    }

    /** {@code MAJ:MIN} of a path as moby's stat gives it (0:0 for a file that is not a device). */
    static String device(String path) {
        try {
            long rdev = (Long) Files.getAttribute(Path.of(path), "unix:rdev");
            long major = FileModes.major(rdev);
            long minor = FileModes.minor(rdev);
            return major + ":" + minor;
        } catch (IOException | UnsupportedOperationException e) {
            throw EngineException.system("stat " + path + ": no such file or directory", e);
        }
    }

    private static Optional<Path> file(CgroupHandle cg, String name) {
        return cg.paths().stream().map(d -> d.resolve(name)).filter(Files::exists).findFirst();
    }

    private static Path required(CgroupHandle cg, String name) {
        return file(cg, name).orElseThrow(() -> EngineException.system("cgroup file " + name + " is not "
                + "available: the " + name.substring(0, name.indexOf('.')) + " controller is not enabled", null));
    }

    /** runc's message for a write the kernel refuses. */
    private static void write(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            why = why.substring(why.lastIndexOf(": ") + 1).trim();
            throw EngineException.system("failed to write \"" + value + "\": write " + file + ": "
                    + why.toLowerCase(java.util.Locale.ROOT), e);
        }
    }

    /** Whether the cpu controller has real-time settings (moby's sysinfo: cpu.rt_period_us in its mount). */
    static Optional<Path> realtimeFile(Path cgroupRoot) {
        for (String dir : List.of("cpu", "cpu,cpuacct", "cpuacct,cpu")) {
            Path p = cgroupRoot.resolve(dir).resolve("cpu.rt_runtime_us");
            if (Files.exists(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }
}
