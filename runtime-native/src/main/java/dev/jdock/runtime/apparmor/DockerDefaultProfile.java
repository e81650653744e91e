package dev.jdock.runtime.apparmor;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Docker's default AppArmor profile for containers ({@code docker-default}), rendered with the rules of moby's
 * template (github.com/moby/profiles {@code apparmor/template.go}): everything a container's root may do by its
 * capabilities, except writing kernel knobs under {@code /proc} (all but {@code /proc/<pid>/**} and
 * {@code /proc/sys/kernel/shm*}), {@code sysrq-trigger} and {@code kcore}, any {@code mount}, writing anything in
 * {@code /sys} but the cgroup tree, and reading {@code /sys/firmware}, {@code /sys/kernel/security} and the powercap
 * class; signals come from unconfined processes, the runtimes ({@code runc}, {@code crun}), the daemon's own profile
 * and the container's own processes; its processes may trace each other.
 *
 * <p>As moby: {@code #include <tunables/global>} where the host has it (else {@code @{PROC}} is defined here), and
 * {@code #include <abstractions/base>} where the host has it. moby writes {@code abi <abi/3.0>,} always (under
 * AppArmor 4's ABI {@code network,} no longer allows UNIX sockets); here it is written where the host's parser has
 * that ABI ({@code /etc/apparmor.d/abi/3.0}), since an AppArmor 2 parser refuses the rule and the profile would not
 * load at all.
 */
public final class DockerDefaultProfile {
    /** moby's name for it; the CRI's RuntimeDefault is the same profile here (docs/kubernetes.md). */
    public static final String NAME = "docker-default";

    /** What of the host the rendering depends on. */
    public record Host(boolean tunablesGlobal, boolean abstractionsBase, boolean abi3, String daemonProfile) {
        /** Reads the host's profile directory ({@code /etc/apparmor.d}). */
        public static Host of(Path profileDir, String daemonProfile) {
            return new Host(Files.exists(profileDir.resolve("tunables/global")),
                    Files.exists(profileDir.resolve("abstractions/base")), Files.exists(profileDir.resolve("abi/3.0")),
                    daemonProfile);
        }
    }

    /** A profile name written bare; any other is quoted (AppArmor's quoted names take spaces and the like). */
    private static final Pattern BARE = Pattern.compile("[A-Za-z0-9_.+-][A-Za-z0-9_./+:-]*");

    private DockerDefaultProfile() {
    }

    /** The profile's source for {@code apparmor_parser}. */
    public static String render(String name, Host host) {
        String self = quoted(name);
        StringBuilder b = new StringBuilder(2048);
        if (host.abi3()) {
            b.append("abi <abi/3.0>,\n\n");
        }
        b.append(host.tunablesGlobal() ? "#include <tunables/global>\n" : "@{PROC}=/proc/\n");
        b.append("\nprofile ").append(self).append(" flags=(attach_disconnected,mediate_deleted) {\n");
        if (host.abstractionsBase()) {
            b.append("  #include <abstractions/base>\n\n");
        }
        b.append("""
                  network,
                  capability,
                  file,
                  umount,
                  # host (privileged) processes may signal the container's processes
                  signal (receive) peer=unconfined,
                  # so may the OCI runtimes (docker stop under dockerd, when it shares the profile)
                  signal (receive) peer=runc,
                  signal (receive) peer=crun,
                  # and the daemon (docker kill, docker stop: jdockd and its jdock-monitor run under its profile)
                """);
        b.append("  signal (receive) peer=").append(quoted(host.daemonProfile())).append(",\n");
        b.append("  # the container's processes signal each other\n");
        b.append("  signal (send,receive) peer=").append(self).append(",\n");
        b.append("""

                  # no writes to the files directly in /proc
                  deny @{PROC}/* w,
                  # nor below /proc but in /proc/<pid>/** and /proc/sys/**
                  deny @{PROC}/{[^1-9/],[^1-9/][^0-9/],[^1-9s/][^0-9y/][^0-9s/],[^1-9/][^0-9/][^0-9/][^0-9/]*}/** w,
                  # nor in /proc/sys but /proc/sys/k* (kernel) ...
                  deny @{PROC}/sys/[^k]** w,
                  # ... and there only to shm*
                  deny @{PROC}/sys/kernel/{?,??,[^s][^h][^m]**} w,
                  deny @{PROC}/sysrq-trigger rwklx,
                  deny @{PROC}/kcore rwklx,

                  deny mount,

                  # nothing in /sys is written but the cgroup tree (/sys/fs/cgroup)
                  deny /sys/[^f]*/** wklx,
                  deny /sys/f[^s]*/** wklx,
                  deny /sys/fs/[^c]*/** wklx,
                  deny /sys/fs/c[^g]*/** wklx,
                  deny /sys/fs/cg[^r]*/** wklx,
                  deny /sys/firmware/** rwklx,
                  deny /sys/devices/virtual/powercap/** rwklx,
                  deny /sys/kernel/security/** rwklx,

                  # the container's processes may trace each other (where the other LSMs and yama allow it)
                """);
        b.append("  ptrace (trace,tracedby,read,readby) peer=").append(self).append(",\n}\n");
        return b.toString();
    }

    private static String quoted(String name) {
        if (BARE.matcher(name).matches()) {
            return name;
        }
        return "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
