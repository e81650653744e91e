package dev.jdock.daemon.server;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Mount;
import dev.jdock.api.types.container.ThrottleDevice;
import dev.jdock.api.types.container.WeightDevice;
import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.api.types.exec.ExecStartRequest;
import java.util.List;

/**
 * Request fields whose Java type is wider than moby's Go type (a {@code uint16} read into an {@code int}, a
 * {@code uint64} or {@code uint} into a signed one): a number out of the Go type's range is refused as Go's decoder
 * refuses it for dockerd ({@code json: cannot unmarshal number 70000 into Go struct field
 * HostConfig.HostConfig.BlkioWeight of type uint16}, 400). Taken, it came back in inspect, where the docker CLI and
 * other Go clients could no longer decode the container.
 */
final class GoRanges {
    private static final long UINT16_MAX = 65535;
    private static final long UINT32_MAX = 0xffffffffL;

    private GoRanges() {
    }

    /** Go's error for the first field of {@code value} out of its Go type's range, or null. */
    static String check(Object value) {
        if (value instanceof ContainerCreateRequest r && r.hostConfig() != null) {
            return hostConfig(r.hostConfig());
        }
        if (value instanceof ContainerUpdateRequest u) {
            return range(u.blkioWeight(), UINT16_MAX, "UpdateConfig.BlkioWeight", "uint16");
        }
        if (value instanceof ExecConfig e) {
            return consoleSize(e.consoleSize(), "ExecOptions.ConsoleSize");
        }
        if (value instanceof ExecStartRequest s) {
            return consoleSize(s.consoleSize(), "ExecStartOptions.ConsoleSize");
        }
        return null;
    }

    private static String hostConfig(HostConfig h) {
        String e = range(h.blkioWeight(), UINT16_MAX, "HostConfig.HostConfig.BlkioWeight", "uint16");
        if (e == null) {
            e = range(h.ioMaximumIops(), Long.MAX_VALUE, "HostConfig.HostConfig.IOMaximumIOps", "uint64");
        }
        if (e == null) {
            e = range(h.ioMaximumBandwidth(), Long.MAX_VALUE, "HostConfig.HostConfig.IOMaximumBandwidth", "uint64");
        }
        if (e == null) {
            e = consoleSize(h.consoleSize(), "HostConfig.HostConfig.ConsoleSize");
        }
        for (WeightDevice d : orEmpty(h.blkioWeightDevice())) {
            if (e == null && d != null) {
                e = range(d.weight(), UINT16_MAX, "WeightDevice.HostConfig.BlkioWeightDevice.Weight", "uint16");
            }
        }
        e = e != null ? e : rates(h.blkioDeviceReadBps(), "BlkioDeviceReadBps");
        e = e != null ? e : rates(h.blkioDeviceWriteBps(), "BlkioDeviceWriteBps");
        e = e != null ? e : rates(h.blkioDeviceReadIOps(), "BlkioDeviceReadIOps");
        e = e != null ? e : rates(h.blkioDeviceWriteIOps(), "BlkioDeviceWriteIOps");
        for (Mount m : orEmpty(h.mounts())) {
            if (e == null && m != null && m.tmpfsOptions() != null && m.tmpfsOptions().mode() != null) {
                e = range(m.tmpfsOptions().mode(), UINT32_MAX, "TmpfsOptions.HostConfig.Mounts.TmpfsOptions.Mode",
                        "fs.FileMode");
            }
        }
        return e;
    }

    private static String rates(List<ThrottleDevice> devices, String field) {
        for (ThrottleDevice d : orEmpty(devices)) {
            String e = d == null ? null
                    : range(d.rate(), Long.MAX_VALUE, "ThrottleDevice.HostConfig." + field + ".Rate", "uint64");
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static String consoleSize(List<Integer> size, String field) {
        for (Integer v : orEmpty(size)) {
            String e = v == null ? null : range(v, UINT32_MAX, field, "uint");
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private static String range(long v, long max, String field, String goType) {
        return v >= 0 && v <= max ? null : GoTypeErrors.fieldError("number " + v, field, goType);
    }

    private static <T> List<T> orEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }
}
