package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.MsFlags;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tmpfs side of HostConfig: {@code /dev/shm} as {@link IpcShm} plans it for {@code IpcMode} and {@code ShmSize}
 * (a private tmpfs of ShmSize bytes, 64 MiB by default, or a bind of a host directory, or nothing) and the {@code
 * Tmpfs} map ({@code --tmpfs /run:rw,size=64m}: moby's defaults
 * noexec,nosuid,nodev, then the user's options, later ones winning).
 */
final class TmpfsMounts {
    static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
    private static final String SHM = "/dev/shm";

    private TmpfsMounts() {
    }

    /** Create-time checks with moby's messages. */
    static void validate(HostConfig hc) {
        if (hc.shmSize() < 0) {
            throw EngineException.invalid("SHM size can not be less than 0");
        }
        if (hc.tmpfs() != null) {
            hc.tmpfs().forEach((dest, opts) -> {
                // moby's verifyPlatformContainerSettings: ValidateTmpfsMountDestination's words alone
                if (dest.startsWith("/") && Path.of(dest).normalize().toString().equals("/")) {
                    throw EngineException.invalid("invalid specification: destination can't be '/'");
                }
                if (!dest.startsWith("/")) {
                    throw EngineException.invalid("invalid mount path: '" + dest + "' mount path must be absolute");
                }
                options(opts == null ? "" : opts);
            });
        }
    }

    /** The base mounts with /dev/shm as {@code shm} says (a bind, a private tmpfs of its size, or none). */
    static List<MountSpec> withShm(List<MountSpec> base, IpcShm.Plan shm) {
        List<MountSpec> out = new ArrayList<>();
        for (MountSpec m : base) {
            if (!m.destination().equals(SHM)) {
                out.add(m);
            } else if (shm instanceof IpcShm.Plan.Bind b) {
                MountSpec bind = MountSpec.bind(b.source().toString(), SHM, false, false);
                out.add(new MountSpec(bind.source(), SHM, bind.type(), bind.flags() | IpcShm.FLAGS, "", false));
            } else if (shm instanceof IpcShm.Plan.Own own) {
                out.add(new MountSpec(m.source(), SHM, m.type(), m.flags(), "mode=1777,size=" + own.size(), false));
            }
        }
        return out;
    }

    /** The {@code Tmpfs} map's mounts, by destination. */
    static List<MountSpec> requested(HostConfig hc) {
        List<MountSpec> out = new ArrayList<>();
        if (hc.tmpfs() != null) {
            new TreeMap<>(hc.tmpfs()).forEach((dest, opts) -> out.add(tmpfs(dest, opts == null ? "" : opts)));
        }
        return out;
    }

    static MountSpec tmpfs(String destination, String options) {
        Options o = options(options);
        return new MountSpec("tmpfs", destination, "tmpfs", o.flags(), o.data(), false);
    }

    /** MS_* flags and the data string (size=, mode=, uid=, ...) of a tmpfs option list. */
    record Options(long flags, String data) {
    }

    static Options options(String options) {
        Map<String, Long> flagBits = Map.of("nosuid", MsFlags.MS_NOSUID, "nodev", MsFlags.MS_NODEV,
                "noexec", MsFlags.MS_NOEXEC, "ro", MsFlags.MS_RDONLY, "noatime", MsFlags.MS_NOATIME,
                "relatime", MsFlags.MS_RELATIME, "strictatime", MsFlags.MS_STRICTATIME);
        Map<String, String> clears = Map.of("suid", "nosuid", "dev", "nodev", "exec", "noexec", "rw", "ro");
        long flags = MsFlags.MS_NOEXEC | MsFlags.MS_NOSUID | MsFlags.MS_NODEV;
        Map<String, String> data = new TreeMap<>();
        for (String opt : options.split(",")) {
            String o = opt.trim();
            if (o.isEmpty()) {
                continue;
            }
            if (flagBits.containsKey(o)) {
                flags |= flagBits.get(o);
            } else if (clears.containsKey(o)) {
                flags &= ~flagBits.get(clears.get(o));
            } else if (o.matches("(size|mode|uid|gid|nr_inodes|nr_blocks|mpol|huge)=[^,\\s]+")) {
                data.put(o.substring(0, o.indexOf('=')), o.substring(o.indexOf('=') + 1));
            } else if (!MsFlags.PROPAGATION_MODES.contains(o)) {
                throw EngineException.invalid("invalid tmpfs option [\"" + o + "\"]");
            }
        }
        StringBuilder d = new StringBuilder();
        data.forEach((k, v) -> d.append(d.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return new Options(flags, d.toString());
    }
}
