package dev.jdock.runtime.spec;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Parses the text written by {@link SpecCodec#encode}; the records validate the values. */
final class SpecDecoder {
    private final String text;
    private final List<String> args = new ArrayList<>();
    private final List<String> env = new ArrayList<>();
    private final List<Integer> gids = new ArrayList<>();
    private ProcessSpec.ImageGroups imageGroups = ProcessSpec.ImageGroups.IMPLICIT;
    private boolean reportUser;
    private String apparmor = "";
    private final List<Rlimit> rlimits = new ArrayList<>();
    private final List<NamespaceSpec> namespaces = new ArrayList<>();
    private final List<MountSpec> mounts = new ArrayList<>();
    private final List<DeviceSpec> devices = new ArrayList<>();
    private final List<String> masked = new ArrayList<>();
    private final List<String> readonly = new ArrayList<>();
    private final List<Path> cgroupProcs = new ArrayList<>();
    private String id;
    private String bundle;
    private String rundir;
    private String cwd = "/";
    private String user = "";
    private String hostname = "";
    private RootfsSpec rootfs;
    private boolean tty;
    private boolean openStdin;
    private boolean stdinOnce;
    private boolean noNewPrivs;
    private boolean rootfsReadonly;
    private int consoleHeight;
    private int consoleWidth;
    private CapabilitySets caps = CapabilitySets.of(0);
    private Optional<Path> seccomp = Optional.empty();
    private LogSpec log = LogSpec.none();
    private Optional<Integer> oomScoreAdj = Optional.empty();
    private final java.util.Map<String, String> sysctls = new java.util.LinkedHashMap<>();
    private Optional<UserNamespaceSpec> userns = Optional.empty();

    SpecDecoder(String text) {
        this.text = text;
    }

    RuntimeSpec decode() {
        String[] lines = text.split("\n");
        if (lines.length == 0 || !lines[0].equals("jdock-spec 1")) {
            throw new IllegalArgumentException("not a jdock-spec 1 file");
        }
        boolean ended = false;
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) {
                continue;
            }
            if (ended) {
                throw new IllegalArgumentException("text after end");
            }
            String[] f = lines[i].split(" ");
            if (f.length == 1 && f[0].equals("end")) {
                ended = true;
                continue;
            }
            directive(f);
        }
        if (!ended) {
            throw new IllegalArgumentException("truncated spec (no end)");
        }
        ProcessSpec process = new ProcessSpec(args, env, cwd, user, gids, tty, openStdin, stdinOnce, consoleHeight,
                consoleWidth, noNewPrivs, caps, rlimits, imageGroups, reportUser, apparmor);
        return new RuntimeSpec(id, Path.of(bundle), Path.of(rundir), rootfs, process, hostname, namespaces, mounts,
                devices, masked, readonly, rootfsReadonly, seccomp, cgroupProcs, log, oomScoreAdj, sysctls, userns);
    }

    private void directive(String[] f) {
        String v = f.length > 1 ? SpecCodec.dec(f[1]) : null;
        switch (f[0]) {
            case "id" -> id = v;
            case "bundle" -> bundle = v;
            case "rundir" -> rundir = v;
            case "rootfs" -> rootfs = rootfs(f);
            case "arg" -> args.add(v);
            case "env" -> env.add(v);
            case "cwd" -> cwd = v;
            case "user" -> user = v;
            case "gid" -> gids.add(Integer.parseInt(v));
            case "imagegroups" -> imageGroups = ProcessSpec.ImageGroups.valueOf(v.toUpperCase(java.util.Locale.ROOT));
            case "reportuser" -> reportUser = bit(v);
            case "apparmor" -> apparmor = v;
            case "tty" -> tty = bit(v);
            case "stdin" -> {
                openStdin = bit(v);
                stdinOnce = bit(f[2]);
            }
            case "console" -> {
                consoleHeight = Integer.parseInt(v);
                consoleWidth = Integer.parseInt(f[2]);
            }
            case "nonewprivs" -> noNewPrivs = bit(v);
            case "caps" -> caps = new CapabilitySets(u64(f[1]), u64(f[2]), u64(f[3]), u64(f[4]), u64(f[5]));
            case "rlimit" -> rlimits.add(new Rlimit(v, u64(f[2]), u64(f[3])));
            case "hostname" -> hostname = v;
            case "ns" -> namespaces.add(f[2].equals("new") ? NamespaceSpec.create(v)
                    : NamespaceSpec.join(v, Path.of(SpecCodec.dec(f[3]))));
            case "mount" -> mounts.add(new MountSpec(v, SpecCodec.dec(f[2]), SpecCodec.dec(f[3]), u64(f[4]),
                    SpecCodec.dec(f[5]), f[6].equals("file"), f.length > 7 ? u64(f[7]) : 0));
            case "device" -> devices.add(new DeviceSpec(v, f[2].charAt(0), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6]), Integer.parseInt(f[7])));
            case "masked" -> masked.add(v);
            case "readonly" -> readonly.add(v);
            case "rootfsro" -> rootfsReadonly = bit(v);
            case "seccomp" -> seccomp = Optional.of(Path.of(v));
            case "cgroupprocs" -> cgroupProcs.add(Path.of(v));
            case "log" -> log = new LogSpec(v, Path.of(SpecCodec.dec(f[2])), Long.parseLong(f[3]),
                    Integer.parseInt(f[4]), f.length > 5 && bit(f[5]));
            case "logattrs" -> log = log.withAttrs(v);
            case "oomscoreadj" -> oomScoreAdj = Optional.of(Integer.parseInt(v));
            case "sysctl" -> sysctls.put(v, SpecCodec.dec(f[2]));
            case "userns" -> userns = Optional.of(userns(f));
            default -> throw new IllegalArgumentException("unknown directive " + f[0]);
        }
    }

    private static RootfsSpec rootfs(String[] f) {
        if (f[1].equals("bind")) {
            return new RootfsSpec.Bind(Path.of(SpecCodec.dec(f[2])), Path.of(SpecCodec.dec(f[3])));
        }
        List<Path> lowers = new ArrayList<>();
        for (int i = 5; i < f.length; i++) {
            lowers.add(Path.of(SpecCodec.dec(f[i])));
        }
        return new RootfsSpec.Overlay(lowers, Path.of(SpecCodec.dec(f[3])), Path.of(SpecCodec.dec(f[4])),
                Path.of(SpecCodec.dec(f[2])));
    }

    private static boolean bit(String v) {
        return v.equals("1");
    }

    private static long u64(String v) {
        return Long.parseUnsignedLong(v);
    }

    private static UserNamespaceSpec userns(String[] f) {
        int at = f[1].equals("path") ? 3 : 2;
        UserNamespaceSpec.IdMapping u = new UserNamespaceSpec.IdMapping(Long.parseLong(f[at]),
                Long.parseLong(f[at + 1]), Long.parseLong(f[at + 2]));
        UserNamespaceSpec.IdMapping g = new UserNamespaceSpec.IdMapping(Long.parseLong(f[at + 3]),
                Long.parseLong(f[at + 4]), Long.parseLong(f[at + 5]));
        return at == 3 ? UserNamespaceSpec.join(Path.of(SpecCodec.dec(f[2])), u, g) : UserNamespaceSpec.create(u, g);
    }
}
