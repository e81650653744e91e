package dev.jdock.daemon.volume;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's {@code local} driver: a directory under the data root, or, with the options {@code type}, {@code device}
 * and {@code o}, a file system mounted there (tmpfs, a bind with {@code o=bind}, a block device, nfs...) while at
 * least one container uses it.
 */
public final class LocalVolumeDriver implements VolumeDriver {
    public static final String NAME = "local";
    private static final Set<String> VALID = Set.of("type", "o", "device", "size");
    private static final Map<String, Long> SET = Map.ofEntries(Map.entry("ro", MsFlags.MS_RDONLY),
            Map.entry("nosuid", MsFlags.MS_NOSUID), Map.entry("nodev", MsFlags.MS_NODEV),
            Map.entry("noexec", MsFlags.MS_NOEXEC), Map.entry("noatime", MsFlags.MS_NOATIME),
            Map.entry("relatime", MsFlags.MS_RELATIME), Map.entry("strictatime", MsFlags.MS_STRICTATIME),
            Map.entry("bind", MsFlags.MS_BIND), Map.entry("rbind", MsFlags.MS_BIND | MsFlags.MS_REC),
            Map.entry("sync", 16L), Map.entry("dirsync", 128L), Map.entry("remount", MsFlags.MS_REMOUNT));
    private static final Set<String> CLEAR = Set.of("rw", "suid", "dev", "exec", "atime", "async", "defaults");

    private final VolumeStore store;
    private final Syscalls sys;

    public LocalVolumeDriver(VolumeStore store, Syscalls sys) {
        this.store = store;
        this.sys = sys;
    }

    @Override
    public String name() {
        return NAME;
    }

    /** moby's validateOpts: known keys, and type, device and o only together. */
    @Override
    public void validate(Map<String, String> opts) {
        for (String k : opts.keySet()) {
            if (!VALID.contains(k)) {
                throw EngineException.invalid("invalid option: \"" + k + "\"");
            }
        }
        Map<String, List<String>> required = Map.of("device", List.of("type"), "type", List.of("device"),
                "o", List.of("device", "type"));
        for (String k : List.of("device", "type", "o")) {
            if (opts.containsKey(k)) {
                for (String r : required.get(k)) {
                    if (!opts.containsKey(r)) {
                        throw EngineException.invalid("missing required option: \"" + r + "\"");
                    }
                }
            }
        }
        if (opts.containsKey("size")) {
            throw EngineException.invalid("quota size requested but no quota support");
        }
    }

    @Override
    public Path mountpoint(Volume v) {
        return store.dataDir(v.name());
    }

    static boolean needsMount(Volume v) {
        return v.optionsOrEmpty().containsKey("type") || v.optionsOrEmpty().containsKey("device");
    }

    @Override
    public void mount(Volume v) {
        if (!needsMount(v)) {
            return;
        }
        Path target = mountpoint(v);
        if (MountTable.isMountPoint(target)) {
            return; // still mounted from before a daemon restart
        }
        Map<String, String> o = v.optionsOrEmpty();
        Options parsed = parse(o.getOrDefault("o", ""));
        String type = o.get("type");
        try {
            Files.createDirectories(target);
            sys.mount(o.get("device"), target, type, parsed.flags(), parsed.data().isEmpty() ? null : parsed.data());
        } catch (IOException | RuntimeException e) {
            throw EngineException.system("error while mounting volume '" + target + "': failed to mount local volume: "
                    + mountError(o.get("device"), target, parsed, e), e);
        }
    }

    /**
     * moby/sys/mount's mountError: {@code mount <device>:<target>[, flags: 0x<hex>][, data: <data>]: <errno words>}
     * (flags and data only when set).
     */
    static String mountError(String device, Path target, Options o, Exception e) {
        StringBuilder b = new StringBuilder("mount ");
        b.append(device == null || device.isEmpty() ? "" : device + ":").append(target);
        if (o.flags() != 0) {
            b.append(", flags: 0x").append(Long.toHexString(o.flags()));
        }
        if (!o.data().isEmpty()) {
            b.append(", data: ").append(o.data());
        }
        String why = dev.jdock.runtime.syscall.ErrnoWords.of(e);
        return b.append(": ").append(why != null ? why : e.getMessage()).toString();
    }

    @Override
    public void unmount(Volume v) {
        if (!needsMount(v)) {
            return;
        }
        Path target = mountpoint(v);
        if (MountTable.isMountPoint(target)) {
            sys.umount(target, 2 /* MNT_DETACH */);
        }
    }

    @Override
    public void remove(Volume v) {
        unmount(v);
        store.remove(v.name());
    }

    /** mount(8)-style option list: flag words become MS_* bits, everything else the data string. */
    record Options(long flags, String data) {
    }

    static Options parse(String o) {
        long flags = 0;
        List<String> data = new ArrayList<>();
        for (String part : o.split(",")) {
            String p = part.trim();
            if (p.isEmpty() || CLEAR.contains(p)) {
                continue;
            }
            Long bit = SET.get(p);
            if (bit != null) {
                flags |= bit;
            } else {
                data.add(p);
            }
        }
        return new Options(flags, String.join(",", data));
    }
}
