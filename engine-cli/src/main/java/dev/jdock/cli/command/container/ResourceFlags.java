package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.DeviceRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.ThrottleDevice;
import dev.jdock.api.types.container.WeightDevice;
import dev.jdock.cli.command.CommandSupport;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.FlagValues;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * run/create's block I/O, real-time CPU, swappiness, device-rule, GPU and storage flags, and the Windows-only ones
 * docker's CLI parses on any host ({@code --cpu-count}, {@code --cpu-percent}, {@code --io-maxbandwidth},
 * {@code --io-maxiops}: it refuses them once it knows the daemon runs Linux, see {@link #windowsOnly}), parsed with
 * the CLI's checks and words (opts.ValidateWeightDevice, ValidateThrottle*Device, GpuOpts, parseStorageOpts).
 */
final class ResourceFlags {
    /** Flags docker annotates {@code ostype=windows}. */
    static final List<String> WINDOWS_ONLY = List.of("cpu-count", "cpu-percent", "io-maxbandwidth", "io-maxiops");
    /** Compiled on first use (a --device-cgroup-rule), not by every run. */
    private static final class DeviceRule {
        static final Pattern DEVICE_RULE = Pattern.compile("^[acb] ([0-9]+|\\*):([0-9]+|\\*) [rwm]{1,3}$");
    }
    private static final String BPS_FORMAT = ". The correct format is <device-path>:<number>[<unit>]. Number must "
            + "be a positive integer. Unit is optional and can be kb, mb, or gb";
    private static final String IOPS_FORMAT = ". The correct format is <device-path>:<number>. Number must be a "
            + "positive integer";

    private ResourceFlags() {
    }

    static Args.Spec add(Args.Spec s) {
        return s
                .option(null, "blkio-weight", "uint16", "Block IO (relative weight), between 10 and 1000, or 0 to "
                    + "disable", "0")
                .option(null, "blkio-weight-device", "list", "Block IO weight (relative device weight)", "[]")
                .option(null, "device-read-bps", "list", "Limit read rate (bytes per second) from a device", "[]")
                .option(null, "device-read-iops", "list", "Limit read rate (IO per second) from a device", "[]")
                .option(null, "device-write-bps", "list", "Limit write rate (bytes per second) to a device", "[]")
                .option(null, "device-write-iops", "list", "Limit write rate (IO per second) to a device", "[]")
                .option(null, "cpu-rt-period", "int", "Limit CPU real-time period in microseconds")
                .option(null, "cpu-rt-runtime", "int", "Limit CPU real-time runtime in microseconds")
                .option(null, "cpu-count", "int", "CPU count (Windows only)")
                .option(null, "cpu-percent", "int", "CPU percent (Windows only)")
                .option(null, "io-maxbandwidth", "bytes", "Maximum IO bandwidth limit for the system drive "
                    + "(Windows only)")
                .option(null, "io-maxiops", "uint", "Maximum IOps limit for the system drive (Windows only)")
                .option(null, "kernel-memory", "bytes", "Kernel memory limit")
                .option(null, "memory-swappiness", "int", "Tune container memory swappiness (0 to 100)", "-1")
                .option(null, "device-cgroup-rule", "list", "Add a rule to the cgroup allowed devices list")
                .option(null, "gpus", "gpu-request", "GPU devices to add to the container ('all' to pass all GPUs)")
                .option(null, "storage-opt", "list", "Storage driver options for the container");
    }

    /** Flag-time checks, in pflag's words (before the daemon is asked anything). */
    static void checkValues(Args a, Args.Spec spec) {
        unsigned(a, spec, "blkio-weight", 0xffff);
        unsigned(a, spec, "io-maxiops", -1);
        for (String f : List.of("cpu-rt-period", "cpu-rt-runtime", "cpu-count", "cpu-percent", "memory-swappiness")) {
            a.longValue(spec, f);
        }
        for (String f : List.of("io-maxbandwidth", "kernel-memory")) {
            if (a.value(f) != null) {
                FlagValues.memoryBytes(spec, f, a.value(f));
            }
        }
        for (String r : a.values("device-cgroup-rule")) {
            if (!DeviceRule.DEVICE_RULE.matcher(r).matches()) {
                throw Args.invalidArgument(spec, "device-cgroup-rule", r, "invalid device cgroup format '" + r + "'");
            }
        }
        for (String g : a.values("gpus")) {
            gpuRequest(spec, g);
        }
    }

    /**
     * The Windows-only flags given: docker refuses each with {@code "--cpu-count" is only supported on a Docker
     * daemon running on windows, but the Docker daemon is running on linux} (exit 1) when the daemon's OS is not
     * Windows.
     */
    static List<String> windowsOnly(Args a) {
        List<String> given = new ArrayList<>(); // a loop, not a stream: every run calls this (~30 stream classes)
        for (String f : WINDOWS_ONLY) {
            if (a.changed(f)) {
                given.add(f);
            }
        }
        return List.copyOf(given);
    }

    static HostConfig.Builder apply(Args a, Args.Spec spec, HostConfig.Builder b) {
        long swappiness = a.value("memory-swappiness") == null ? -1 : a.longValue(spec, "memory-swappiness");
        if (swappiness != -1 && (swappiness < 0 || swappiness > 100)) {
            throw new CliException(125, "jdock: invalid value: " + swappiness + ". Valid memory swappiness range is "
                    + "0-100");
        }
        Map<String, String> storage = new LinkedHashMap<>();
        for (String o : a.values("storage-opt")) {
            int eq = o.indexOf('=');
            if (eq < 0) {
                throw new CliException(125, "jdock: invalid storage option");
            }
            storage.put(o.substring(0, eq), o.substring(eq + 1));
        }
        List<DeviceRequest> gpus = new ArrayList<>();
        for (String g : a.values("gpus")) {
            gpus.add(gpuRequest(spec, g));
        }
        Long weight = a.longValue(spec, "blkio-weight");
        Long maxBandwidth = a.value("io-maxbandwidth") == null ? null
                : FlagValues.memoryBytes(spec, "io-maxbandwidth", a.value("io-maxbandwidth"));
        return b.blkioWeight(weight == null ? 0 : weight.intValue())
                .blkioWeightDevice(weightDevices(spec, a.values("blkio-weight-device")))
                .blkioDeviceReadBps(throttles(spec, a, "device-read-bps", true))
                .blkioDeviceWriteBps(throttles(spec, a, "device-write-bps", true))
                .blkioDeviceReadIOps(throttles(spec, a, "device-read-iops", false))
                .blkioDeviceWriteIOps(throttles(spec, a, "device-write-iops", false))
                .cpuRealtimePeriod(orZero(a.longValue(spec, "cpu-rt-period")))
                .cpuRealtimeRuntime(orZero(a.longValue(spec, "cpu-rt-runtime")))
                .cpuCount(orZero(a.longValue(spec, "cpu-count"))).cpuPercent(orZero(a.longValue(spec, "cpu-percent")))
                .ioMaximumIops(orZero(a.longValue(spec, "io-maxiops"))).ioMaximumBandwidth(orZero(maxBandwidth))
                .memorySwappiness(swappiness)
                .deviceCgroupRules(a.values("device-cgroup-rule").isEmpty() ? null
                        : List.copyOf(a.values("device-cgroup-rule")))
                .deviceRequests(gpus.isEmpty() ? null : gpus)
                .storageOpt(storage.isEmpty() ? null : storage);
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    /** pflag's Uint16/Uint64 flags: strconv.ParseUint's errors; {@code max} -1 for 64 bits. */
    private static void unsigned(Args a, Args.Spec spec, String flag, long max) {
        String v = a.value(flag);
        if (v == null) {
            return;
        }
        if (!v.matches("[0-9]+")) {
            throw Args.invalidArgument(spec, flag, v, "strconv.ParseUint: parsing \"" + v + "\": invalid syntax");
        }
        boolean fits;
        try {
            long n = Long.parseLong(v);
            fits = max < 0 || n <= max;
        } catch (NumberFormatException e) {
            fits = false;
        }
        if (!fits) {
            throw Args.invalidArgument(spec, flag, v, "strconv.ParseUint: parsing \"" + v + "\": value out of range");
        }
    }

    /** opts.ValidateWeightDevice: {@code /dev/PATH:WEIGHT}, the weight 0 or 10 to 1000. */
    static List<WeightDevice> weightDevices(Args.Spec spec, List<String> values) {
        List<WeightDevice> out = new ArrayList<>();
        for (String v : values) {
            String path = devicePath(spec, "blkio-weight-device", v);
            String w = v.substring(v.indexOf(':') + 1);
            int weight = w.matches("[0-9]{1,5}") ? Integer.parseInt(w) : -1;
            if (weight < 0 || weight > 0xffff || weight > 0 && (weight < 10 || weight > 1000)) {
                throw Args.invalidArgument(spec, "blkio-weight-device", v, "invalid weight for device: " + v);
            }
            out.add(new WeightDevice(path, weight));
        }
        return out;
    }

    /** opts.ValidateThrottleBpsDevice (a size: {@code 1mb}) or ValidateThrottleIOpsDevice (a count). */
    static List<ThrottleDevice> throttles(Args.Spec spec, Args a, String flag, boolean bytes) {
        List<ThrottleDevice> out = new ArrayList<>();
        for (String v : a.values(flag)) {
            String path = devicePath(spec, flag, v);
            String r = v.substring(v.indexOf(':') + 1);
            long rate;
            try {
                if (bytes) {
                    rate = FlagValues.memoryBytes(spec, flag, r);
                } else if (r.matches("[0-9]+")) {
                    rate = Long.parseLong(r);
                } else {
                    throw new NumberFormatException(r);
                }
            } catch (CliException | NumberFormatException e) {
                throw Args.invalidArgument(spec, flag, v, "invalid rate for device: " + v
                        + (bytes ? BPS_FORMAT : IOPS_FORMAT));
            }
            out.add(new ThrottleDevice(path, rate));
        }
        return out;
    }

    private static String devicePath(Args.Spec spec, String flag, String v) {
        int colon = v.indexOf(':');
        if (colon <= 0) {
            throw Args.invalidArgument(spec, flag, v, "bad format: " + v);
        }
        String path = v.substring(0, colon);
        if (!path.startsWith("/dev/")) {
            throw Args.invalidArgument(spec, flag, v, "bad format for device path: " + v);
        }
        return path;
    }

    /**
     * docker's GpuOpts: a CSV of {@code all}/a count, {@code count=}, {@code device=}, {@code driver=},
     * {@code capabilities=} and {@code options=}; count 1 unless devices or a count are given, capability
     * {@code gpu} always.
     */
    static DeviceRequest gpuRequest(Args.Spec spec, String value) {
        String driver = "";
        Integer count = null;
        List<String> devices = null;
        List<String> caps = new ArrayList<>();
        Map<String, String> options = new LinkedHashMap<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String field : csv(spec, value)) {
            int eq = field.indexOf('=');
            String key = eq < 0 ? field : field.substring(0, eq);
            String val = eq < 0 ? null : field.substring(eq + 1);
            if (!seen.add(key)) {
                throw Args.invalidArgument(spec, "gpus", value, "gpu request key '" + key + "' can be specified "
                        + "only once");
            }
            if (val == null) {
                seen.add("count");
                count = gpuCount(spec, value, key);
                continue;
            }
            switch (key) {
                case "driver" -> driver = val;
                case "count" -> count = gpuCount(spec, value, val);
                case "device" -> devices = List.of(val.split(",", -1));
                case "capabilities" -> caps.addAll(List.of(val.split(",", -1)));
                case "options" -> options = RunOptions.labels(csv(spec, val));
                default -> throw Args.invalidArgument(spec, "gpus", value, "unexpected key '" + key + "' in '"
                        + field + "'");
            }
        }
        if (count == null) {
            count = devices == null ? 1 : 0;
        }
        caps.add("gpu");
        return new DeviceRequest(driver, count, devices, List.of(List.copyOf(caps)), options);
    }

    private static int gpuCount(Args.Spec spec, String value, String s) {
        if (s.equals("all")) {
            return -1;
        }
        try {
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw Args.invalidArgument(spec, "gpus", value, "invalid count (" + s + "): value must be either \"all\" "
                    + "or an integer: invalid syntax");
        }
    }

    /** One record of Go's encoding/csv: comma-separated fields, a field may be quoted ({@code ""} for a quote). */
    static List<String> csv(Args.Spec spec, String line) {
        return csv(spec, "gpus", line);
    }

    /** {@link #csv(Args.Spec, String)} of flag {@code flag}'s value (named in the parse error). */
    static List<String> csv(Args.Spec spec, String flag, String line) {
        return CommandSupport.csv(spec, flag, line);
    }
}
