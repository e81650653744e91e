package dev.jdock.runtime.spec;

import java.util.List;
import java.util.Objects;

/**
 * The container's process. {@code user} is resolved inside the container's root by the C init with runc's
 * rules ("", "name", "uid", "name:group", "uid:gid"); {@code additionalGids} are added to the supplementary groups.
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
        List<Rlimit> rlimits) {

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
        for (String s : args) {
            if (s.indexOf('\0') >= 0) {
                throw new IllegalArgumentException("NUL in an argument");
            }
        }
    }
}
