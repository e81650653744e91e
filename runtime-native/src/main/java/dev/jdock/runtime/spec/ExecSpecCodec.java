package dev.jdock.runtime.spec;

import java.nio.charset.StandardCharsets;

/**
 * Writes the exec spec read by {@code jdock-monitor --exec} ({@code src/main/c/exec/execspec.c}): the jdock-spec
 * format of {@link SpecCodec} restricted to the process directives, with its own first line and the pid to join.
 *
 * <pre>
 *   jdock-exec 1
 *   join &lt;host pid of the container's init&gt;
 *   id | bundle | rundir | arg | env | cwd | user | gid | imagegroups | tty | stdin | console | nonewprivs | apparmor
 *   caps
 *   rlimit | oomscoreadj
 *   seccomp &lt;bpf-file&gt; | cgroupprocs &lt;path&gt;
 *   end
 * </pre>
 */
public final class ExecSpecCodec {

    private ExecSpecCodec() {
    }

    public static String encode(ExecSpec s) {
        StringBuilder b = new StringBuilder(2048);
        line(b, "jdock-exec", "1");
        line(b, "join", Integer.toString(s.containerPid()));
        str(b, "id", s.id());
        str(b, "bundle", s.dir().toString());
        str(b, "rundir", s.dir().toString());
        ProcessSpec p = s.process();
        p.args().forEach(a -> str(b, "arg", a));
        p.env().forEach(e -> str(b, "env", e));
        str(b, "cwd", p.cwd());
        str(b, "user", p.user());
        p.additionalGids().forEach(g -> line(b, "gid", Integer.toString(g)));
        if (p.imageGroups() != ProcessSpec.ImageGroups.IMPLICIT) {
            line(b, "imagegroups", p.imageGroups().directive());
        }
        line(b, "tty", bit(p.tty()));
        line(b, "stdin", bit(p.openStdin()), bit(p.stdinOnce()));
        line(b, "console", Integer.toString(p.consoleHeight()), Integer.toString(p.consoleWidth()));
        line(b, "nonewprivs", bit(p.noNewPrivileges()));
        if (!p.apparmorProfile().isEmpty()) {
            str(b, "apparmor", p.apparmorProfile());
        }
        CapabilitySets c = p.caps();
        line(b, "caps", u64(c.bounding()), u64(c.effective()), u64(c.permitted()), u64(c.inheritable()),
                u64(c.ambient()));
        for (Rlimit r : p.rlimits()) {
            line(b, "rlimit", r.type(), u64(r.soft()), u64(r.hard()));
        }
        s.oomScoreAdj().ifPresent(v -> line(b, "oomscoreadj", Integer.toString(v)));
        s.seccompBpf().ifPresent(f -> str(b, "seccomp", f.toString()));
        s.cgroupProcsFiles().forEach(f -> str(b, "cgroupprocs", f.toString()));
        line(b, "end");
        return b.toString();
    }

    public static byte[] encodeBytes(ExecSpec s) {
        return encode(s).getBytes(StandardCharsets.UTF_8);
    }

    private static void line(StringBuilder b, String key, String... fields) {
        b.append(key);
        for (String f : fields) {
            b.append(' ').append(f);
        }
        b.append('\n');
    }

    private static void str(StringBuilder b, String key, String value) {
        line(b, key, SpecCodec.enc(value));
    }

    private static String bit(boolean v) {
        return v ? "1" : "0";
    }

    private static String u64(long v) {
        return Long.toUnsignedString(v);
    }
}
