package dev.jdock.runtime.spec;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes and reads the runtime spec consumed by {@code jdock-monitor} ({@code src/main/c/common/spec.c}).
 *
 * <pre>
 * Format: UTF-8 text, one directive per line, fields separated by single spaces. Every string field is
 * percent-encoded: bytes outside [A-Za-z0-9/._~:=,+@-] are written %XX; the empty string is written "-"
 * and the one-character string "-" as "%2D". Numbers are decimal; masks are unsigned 64-bit.
 *
 *   jdock-spec 1                                   first line
 *   id &lt;s&gt; | bundle &lt;path&gt; | rundir &lt;path&gt;
 *   rootfs overlay &lt;target&gt; &lt;upper&gt; &lt;work&gt; &lt;lower-top&gt; [&lt;lower&gt; ...]
 *   rootfs bind &lt;dir&gt; &lt;target&gt;
 *   arg &lt;s&gt;   (repeated, in order)               env &lt;KEY=VALUE&gt;   (repeated)
 *   cwd &lt;s&gt; | user &lt;s&gt; | gid &lt;n&gt; (additional gid, repeated)
 *   imagegroups &lt;implicit|always|never&gt; (implicit when absent) | reportuser &lt;0|1&gt; (0 when absent)
 *   tty &lt;0|1&gt; | stdin &lt;open 0|1&gt; &lt;once 0|1&gt; | console &lt;height&gt; &lt;width&gt; | nonewprivs &lt;0|1&gt;
 *   apparmor &lt;profile&gt;  (absent: none; the init writes "exec &lt;profile&gt;" to its AppArmor attr before execve)
 *   caps &lt;bounding&gt; &lt;effective&gt; &lt;permitted&gt; &lt;inheritable&gt; &lt;ambient&gt;
 *   rlimit &lt;RLIMIT_NAME&gt; &lt;soft&gt; &lt;hard&gt;       (18446744073709551615 = unlimited)
 *   hostname &lt;s&gt;
 *   ns &lt;pid|mnt|uts|ipc|net|cgroup&gt; new  |  ns &lt;type&gt; path &lt;path&gt;
 *   mount &lt;source&gt; &lt;destination&gt; &lt;fstype&gt; &lt;flags&gt; &lt;data&gt; &lt;file|dir&gt;
 *   device &lt;path&gt; &lt;c|b|p&gt; &lt;major&gt; &lt;minor&gt; &lt;mode&gt; &lt;uid&gt; &lt;gid&gt;
 *   masked &lt;path&gt; | readonly &lt;path&gt; | rootfsro &lt;0|1&gt;
 *   seccomp &lt;bpf-file&gt; | cgroupprocs &lt;path&gt; (repeated)
 *   log &lt;json-file|local|cri|none&gt; &lt;path&gt; &lt;max-size bytes, 0 = unlimited&gt; &lt;max-file&gt; &lt;compress 0|1&gt;
 *   logattrs &lt;json&gt;   (json-file: a JSON object of at most 64 KiB, written as "attrs" into every line)
 *   oomscoreadj &lt;n&gt;
 *   sysctl &lt;dotted.name&gt; &lt;value&gt;              (repeated; written under /proc/sys before it turns read-only)
 *   userns new &lt;uid-c&gt; &lt;uid-h&gt; &lt;uid-n&gt; &lt;gid-c&gt; &lt;gid-h&gt; &lt;gid-n&gt;
 *   userns path &lt;path&gt; &lt;the same six&gt;
 *   end                                            last line (a spec without it is truncated)
 * </pre>
 */
public final class SpecCodec {

    private SpecCodec() {
    }

    /**
     * Writes {@code spec} to {@code file} atomically (temp file, rename). No fsync: the spec lives in the run
     * directory, which does not outlive a reboot (and neither do the containers it describes); the rename alone
     * keeps it whole across a kill -9.
     */
    /** Writes the spec for the monitor, 0600 (it holds the container's environment), replacing it atomically. */
    public static void write(RuntimeSpec spec, Path file) {
        try {
            PrivateFiles.write(file, encode(spec).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("write spec " + file, e);
        }
    }

    public static RuntimeSpec read(Path file) {
        try {
            return decode(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("read spec " + file, e);
        }
    }

    public static String encode(RuntimeSpec s) {
        Lines out = new Lines();
        out.add("jdock-spec", "1");
        out.str("id", s.id()).str("bundle", s.bundleDir().toString()).str("rundir", s.runDir().toString());
        if (s.rootfs() instanceof RootfsSpec.Overlay o) {
            List<String> f = new ArrayList<>(List.of("overlay", o.target().toString(), o.upper().toString(),
                    o.work().toString()));
            o.lowerTopFirst().forEach(p -> f.add(p.toString()));
            out.strs("rootfs", f);
        } else if (s.rootfs() instanceof RootfsSpec.Bind b) {
            out.strs("rootfs", List.of("bind", b.dir().toString(), b.target().toString()));
        }
        writeProcess(out, s.process());
        out.str("hostname", s.hostname());
        for (NamespaceSpec ns : s.namespaces()) {
            out.add("ns", ns.type(), ns.joinPath().map(p -> "path " + enc(p.toString())).orElse("new"));
        }
        for (MountSpec m : s.mounts()) {
            String target = m.fileTarget() ? "file" : "dir";
            if (m.propagation() == 0) {
                out.add("mount", enc(m.source()), enc(m.destination()), enc(m.type()),
                        Long.toUnsignedString(m.flags()), enc(m.data()), target);
            } else {
                out.add("mount", enc(m.source()), enc(m.destination()), enc(m.type()),
                        Long.toUnsignedString(m.flags()), enc(m.data()), target, Long.toString(m.propagation()));
            }
        }
        for (DeviceSpec d : s.devices()) {
            out.add("device", enc(d.path()), String.valueOf(d.type()), num(d.major()), num(d.minor()), num(d.mode()),
                    num(d.uid()), num(d.gid()));
        }
        s.maskedPaths().forEach(p -> out.str("masked", p));
        s.readonlyPaths().forEach(p -> out.str("readonly", p));
        out.add("rootfsro", bit(s.readonlyRootfs()));
        s.seccompBpf().ifPresent(p -> out.str("seccomp", p.toString()));
        s.cgroupProcsFiles().forEach(p -> out.str("cgroupprocs", p.toString()));
        LogSpec log = s.log();
        out.add("log", enc(log.driver()), enc(log.path().toString()), Long.toString(log.maxSize()),
                num(log.maxFile()), bit(log.compress()));
        if (!log.attrs().isEmpty()) {
            out.str("logattrs", log.attrs());
        }
        s.oomScoreAdj().ifPresent(v -> out.add("oomscoreadj", num(v)));
        s.sysctls().forEach((k, v) -> out.add("sysctl", enc(k), enc(v)));
        s.userns().ifPresent(u -> {
            UserNamespaceSpec.IdMapping a = u.uids();
            UserNamespaceSpec.IdMapping b = u.gids();
            String[] maps = {num(a.containerId()), num(a.hostId()), num(a.length()), num(b.containerId()),
                num(b.hostId()), num(b.length())};
            if (u.joinPath().isPresent()) {
                String[] f = new String[8];
                f[0] = "path";
                f[1] = enc(u.joinPath().get().toString());
                System.arraycopy(maps, 0, f, 2, 6);
                out.add("userns", f);
            } else {
                String[] f = new String[7];
                f[0] = "new";
                System.arraycopy(maps, 0, f, 1, 6);
                out.add("userns", f);
            }
        });
        out.add("end");
        return out.toString();
    }

    private static void writeProcess(Lines out, ProcessSpec p) {
        p.args().forEach(a -> out.str("arg", a));
        p.env().forEach(e -> out.str("env", e));
        out.str("cwd", p.cwd()).str("user", p.user());
        p.additionalGids().forEach(g -> out.add("gid", num(g)));
        if (p.imageGroups() != ProcessSpec.ImageGroups.IMPLICIT) {
            out.add("imagegroups", p.imageGroups().directive());
        }
        if (p.reportUser()) {
            out.add("reportuser", "1");
        }
        out.add("tty", bit(p.tty()));
        out.add("stdin", bit(p.openStdin()), bit(p.stdinOnce()));
        out.add("console", num(p.consoleHeight()), num(p.consoleWidth()));
        out.add("nonewprivs", bit(p.noNewPrivileges()));
        if (!p.apparmorProfile().isEmpty()) {
            out.str("apparmor", p.apparmorProfile());
        }
        CapabilitySets c = p.caps();
        out.add("caps", u64(c.bounding()), u64(c.effective()), u64(c.permitted()), u64(c.inheritable()),
                u64(c.ambient()));
        for (Rlimit r : p.rlimits()) {
            out.add("rlimit", r.type(), u64(r.soft()), u64(r.hard()));
        }
    }

    public static RuntimeSpec decode(String text) {
        return new SpecDecoder(text).decode();
    }

    /** Percent-encodes one field (see the format above). */
    public static String enc(String s) {
        if (s.isEmpty()) {
            return "-";
        }
        if (s.equals("-")) {
            return "%2D";
        }
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (byte x : s.getBytes(StandardCharsets.UTF_8)) {
            int c = x & 0xff;
            if (safe(c)) {
                b.append((char) c);
            } else {
                b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return b.toString();
    }

    /** Inverse of {@link #enc}. */
    public static String dec(String s) {
        if (s.equals("-")) {
            return "";
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '%') {
                out.write(c);
                continue;
            }
            if (i + 2 >= s.length()) {
                throw new IllegalArgumentException("bad percent-encoding: " + s);
            }
            int v = Integer.parseInt(s.substring(i + 1, i + 3), 16);
            out.write(v);
            i += 2;
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean safe(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || "/._~:=,+@-".indexOf(c) >= 0;
    }

    private static String num(long v) {
        return Long.toString(v);
    }

    private static String u64(long v) {
        return Long.toUnsignedString(v);
    }

    private static String bit(boolean b) {
        return b ? "1" : "0";
    }

    /** Accumulates directive lines. */
    private static final class Lines {
        private final StringBuilder b = new StringBuilder(4096);

        Lines add(String key, String... fields) {
            b.append(key);
            for (String f : fields) {
                b.append(' ').append(f);
            }
            b.append('\n');
            return this;
        }

        Lines str(String key, String value) {
            return add(key, enc(value));
        }

        Lines strs(String key, List<String> values) {
            return add(key, values.stream().map(SpecCodec::enc).toArray(String[]::new));
        }

        @Override
        public String toString() {
            return b.toString();
        }
    }

}
