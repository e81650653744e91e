package dev.jdock.runtime.spec;

import java.util.List;
import java.util.Objects;

/**
 * The container's process. {@code user} is resolved inside the container's root by the C init with runc's
 * rules ("", "name", "uid", "name:group", "uid:gid"); the supplementary groups are the primary group, the user's
 * groups in the image's {@code /etc/group} as {@code imageGroups} says, then {@code additionalGids}.
 * {@code reportUser}: the init reports the identity it starts with, written to {@code <bundle>/user} (a container's
 * process only; never an exec's). {@code apparmorProfile}: the AppArmor profile the process is to run under (the init
 * writes {@code exec <name>} to its attr before {@code execve}, as runc does), empty: none asked (the host's
 * AppArmor, if any, leaves the process in its parent's profile).
 */
public record ProcessSpec(
        List<String> args,
        List<String> env,
        String cwd,
        String user,
        List<Integer> additionalGids,
        boolean tty,
        boolean openStdin,
        boolean stdinOnce,
        int consoleHeight,
        int consoleWidth,
        boolean noNewPrivileges,
        CapabilitySets caps,
        List<Rlimit> rlimits,
        ImageGroups imageGroups,
        boolean reportUser,
        String apparmorProfile) {

    /** When the groups listing the user in the image's {@code /etc/group} join its supplementary groups. */
    public enum ImageGroups {
        /** runc's (Docker's) rule: only when the user names no group. */
        IMPLICIT,
        /** The CRI's SupplementalGroupsPolicy Merge (containerd's): also with an explicit group. */
        ALWAYS,
        /** The CRI's SupplementalGroupsPolicy Strict: never. */
        NEVER;

        /** The spec directive's value. */
        public String directive() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Without an AppArmor profile. */
    public ProcessSpec(List<String> args, List<String> env, String cwd, String user, List<Integer> additionalGids,
            boolean tty, boolean openStdin, boolean stdinOnce, int consoleHeight, int consoleWidth,
            boolean noNewPrivileges, CapabilitySets caps, List<Rlimit> rlimits, ImageGroups imageGroups,
            boolean reportUser) {
        this(args, env, cwd, user, additionalGids, tty, openStdin, stdinOnce, consoleHeight, consoleWidth,
                noNewPrivileges, caps, rlimits, imageGroups, reportUser, "");
    }

    /** Docker's rules: {@link ImageGroups#IMPLICIT}, no report. */
    public ProcessSpec(List<String> args, List<String> env, String cwd, String user, List<Integer> additionalGids,
            boolean tty, boolean openStdin, boolean stdinOnce, int consoleHeight, int consoleWidth,
            boolean noNewPrivileges, CapabilitySets caps, List<Rlimit> rlimits) {
        this(args, env, cwd, user, additionalGids, tty, openStdin, stdinOnce, consoleHeight, consoleWidth,
                noNewPrivileges, caps, rlimits, ImageGroups.IMPLICIT, false, "");
    }

    public ProcessSpec {
        args = List.copyOf(args);
        if (args.isEmpty() || args.get(0).isEmpty()) {
            throw new IllegalArgumentException("process args must not be empty");
        }
        env = List.copyOf(env);
        for (String e : env) {
            if (e.indexOf('=') <= 0) {
                throw new IllegalArgumentException("env entry must be KEY=VALUE: " + e);
            }
        }
        cwd = cwd == null || cwd.isEmpty() ? "/" : cwd;
        RuntimeSpec.requireAbsolute(cwd, "cwd");
        user = user == null ? "" : user;
        additionalGids = List.copyOf(additionalGids);
        for (int gid : additionalGids) {
            if (gid < 0) {
                throw new IllegalArgumentException("negative gid " + gid);
            }
        }
        if (consoleHeight < 0 || consoleHeight > 65535 || consoleWidth < 0 || consoleWidth > 65535) {
            throw new IllegalArgumentException("console size out of range");
        }
        Objects.requireNonNull(caps, "caps");
        rlimits = List.copyOf(rlimits);
        Objects.requireNonNull(imageGroups, "imageGroups");
        apparmorProfile = apparmorProfile == null ? "" : apparmorProfile;
        if (!apparmorProfile.chars().allMatch(ch -> ch > ' ' && ch != 0x7f)) {
            throw new IllegalArgumentException("invalid AppArmor profile name \"" + apparmorProfile + "\"");
        }
        for (String s : args) {
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL in an argument");
            }
        }
    }
}
