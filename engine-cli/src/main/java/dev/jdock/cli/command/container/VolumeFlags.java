package dev.jdock.cli.command.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Mount;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code -v/--volume}, {@code --mount} and {@code --volumes-from} of run/create, turned into the create body as the
 * docker CLI does: {@code -v /path} is an anonymous volume in {@code Config.Volumes}, other {@code -v} specs go to
 * {@code HostConfig.Binds}, {@code --mount} to {@code HostConfig.Mounts}; in both a source that starts with '.'
 * ({@code ./dir}, {@code ..}, {@code .hidden}) is made absolute against the working directory.
 */
final class VolumeFlags {
    private VolumeFlags() {
    }

    static Args.Spec add(Args.Spec s) {
        return s
                .option(null, "mount", "mount", "Attach a filesystem mount to the container")
                .option(null, "volumes-from", "list", "Mount volumes from the specified container(s)")
                .option(null, "volume-driver", "string", "Optional volume driver for the container");
    }

    /** {@code Config.Volumes}: the {@code -v} specs without a source. */
    static Map<String, Map<String, Object>> anonymous(Args a) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        for (String v : a.values("volume")) {
            if (!v.contains(":")) {
                out.put(v, Map.of());
            }
        }
        return out;
    }

    /** {@code HostConfig.Binds}: the {@code -v} specs with a source; null when none. */
    static List<String> binds(Args a) {
        List<String> out = new ArrayList<>();
        for (String v : a.values("volume")) {
            if (!v.contains(":")) {
                continue;
            }
            String src = v.substring(0, v.indexOf(':'));
            if (src.startsWith(".")) { // the docker CLI: any source starting with '.' (./d, .., .hidden) is a path
                v = absolute(src) + v.substring(v.indexOf(':'));
            }
            out.add(v);
        }
        return out.isEmpty() ? null : out;
    }

    /** Go's {@code filepath.Abs}: joined to the working directory, cleaned. */
    private static String absolute(String path) {
        return Path.of(path).toAbsolutePath().normalize().toString();
    }

    static HostConfig.Builder apply(Args.Spec spec, Args a, HostConfig.Builder b) {
        List<Mount> mounts = new ArrayList<>();
        for (String m : a.values("mount")) {
            try {
                mounts.add(parseMount(m));
            } catch (CliException e) { // pflag's error for a --mount value: with the usage lines, as docker prints it
                throw e.exitCode() == 125 && e.getMessage().startsWith("invalid argument ")
                        ? Args.usage(spec, e.getMessage()) : e;
            }
        }
        return b.binds(binds(a)).mounts(mounts.isEmpty() ? null : mounts)
                .volumesFrom(a.values("volumes-from").isEmpty() ? null : a.values("volumes-from"))
                .volumeDriver(a.value("volume-driver", ""));
    }

    /** docker's opts.MountOpt: {@code type=bind,src=/a,dst=/b,readonly,bind-propagation=rshared,...}. */
    static Mount parseMount(String spec) {
        String type = "volume";
        String source = null;
        String target = null;
        Boolean ro = null;
        String consistency = null;
        String propagation = null;
        Boolean nonRecursive = null;
        Boolean roNonRecursive = null;
        Boolean roForceRecursive = null;
        Boolean noCopy = null;
        String driver = null;
        Map<String, String> volOpts = new LinkedHashMap<>();
        Map<String, String> volLabels = new LinkedHashMap<>();
        Long tmpfsSize = null;
        Integer tmpfsMode = null;
        String volumeSubpath = null;
        String imageSubpath = null;
        boolean bindOptions = false;
        boolean volumeOptions = false;
        boolean tmpfsOptions = false;
        for (String field : spec.split(",")) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(java.util.Locale.ROOT);
            String val = eq < 0 ? null : field.substring(eq + 1);
            if (val == null && !key.equals("readonly") && !key.equals("ro") && !key.equals("volume-nocopy")
                    && !key.equals("bind-nonrecursive")) {
                throw bad(spec, "invalid field '" + field + "' must be a key=value pair");
            }
            switch (key) {
                case "type" -> type = val.toLowerCase(java.util.Locale.ROOT);
                case "source", "src" -> source = val.startsWith(".") ? absolute(val) : val; // the docker CLI's
                case "target", "dst", "destination" -> target = val;
                case "readonly", "ro" -> ro = bool(spec, key, val);
                case "consistency" -> consistency = val.toLowerCase(java.util.Locale.ROOT);
                case "bind-propagation" -> {
                    propagation = val.toLowerCase(java.util.Locale.ROOT);
                    bindOptions = true;
                }
                case "bind-nonrecursive" -> {
                    nonRecursive = bool(spec, key, val);
                    bindOptions = true;
                }
                case "bind-recursive" -> {
                    switch (val) {
                        case "enabled" -> { } // read-only binds are read-only all the way down where the kernel can
                        case "disabled" -> nonRecursive = true;
                        case "writable" -> roNonRecursive = true;
                        case "readonly" -> roForceRecursive = true;
                        default -> throw bad(spec, "invalid value for bind-recursive: " + val
                                + " (must be \"enabled\", \"disabled\", \"writable\", or \"readonly\")");
                    }
                    bindOptions |= !val.equals("enabled"); // docker makes no BindOptions for "enabled"
                }
                case "volume-nocopy" -> {
                    noCopy = bool(spec, key, val);
                    volumeOptions = true;
                }
                case "volume-driver" -> {
                    driver = val;
                    volumeOptions = true;
                }
                case "volume-opt" -> {
                    kv(volOpts, val);
                    volumeOptions = true;
                }
                case "volume-label" -> {
                    kv(volLabels, val);
                    volumeOptions = true;
                }
                case "volume-subpath" -> {
                    volumeSubpath = val;
                    volumeOptions = true;
                }
                case "image-subpath" -> imageSubpath = val;
                case "tmpfs-size" -> {
                    try { // go-units' RAMInBytes
                        tmpfsSize = RunOptions.memoryBytes(new Args.Spec("run"), "mount", val);
                    } catch (CliException e) {
                        throw bad(spec, "invalid value for tmpfs-size: " + val);
                    }
                    tmpfsOptions = true;
                }
                case "tmpfs-mode" -> {
                    tmpfsMode = octalMode(spec, val);
                    tmpfsOptions = true;
                }
                default -> throw bad(spec, "unexpected key '" + key + "' in '" + field + "'");
            }
        }
        // docker's opts/mount.go after the fields: type, target, options of another type, then the bind conjunctions
        if (type.isEmpty()) {
            throw bad(spec, "type is required");
        }
        if (target == null || target.isEmpty()) {
            throw bad(spec, "target is required");
        }
        for (String[] mix : new String[][] {{volumeOptions ? "volume" : null, "volume"},
            {imageSubpath != null ? "image" : null, "image"}, {bindOptions ? "bind" : null, "bind"},
            {tmpfsOptions ? "tmpfs" : null, "tmpfs"}}) {
            if (mix[0] != null && !type.equals(mix[1])) {
                throw bad(spec, "cannot mix '" + mix[1] + "-*' options with mount type '" + type + "'");
            }
        }
        if (roNonRecursive != null && !Boolean.TRUE.equals(ro)) {
            throw bad(spec, "option 'bind-recursive=writable' requires 'readonly' to be specified in conjunction");
        }
        if (roForceRecursive != null && !Boolean.TRUE.equals(ro)) {
            throw bad(spec, "option 'bind-recursive=readonly' requires 'readonly' to be specified in conjunction");
        }
        if (roForceRecursive != null && !"rprivate".equals(propagation)) { // docker's opts/mount.go, then the daemon's
            throw bad(spec, "option 'bind-recursive=readonly' requires 'bind-propagation=rprivate' to be specified in "
                    + "conjunction");
        }
        Mount.BindOptions bo = bindOptions
                ? new Mount.BindOptions(propagation, nonRecursive, null, roNonRecursive, roForceRecursive) : null;
        Mount.VolumeOptions vo = volumeOptions
                ? new Mount.VolumeOptions(noCopy, volLabels.isEmpty() ? null : volLabels,
                        driver != null || !volOpts.isEmpty() ? new Mount.Driver(driver, volOpts) : null,
                        volumeSubpath)
                : null;
        Mount.TmpfsOptions to = tmpfsOptions ? new Mount.TmpfsOptions(tmpfsSize, tmpfsMode, null) : null;
        Mount.ImageOptions io = imageSubpath != null ? new Mount.ImageOptions(imageSubpath) : null;
        return new Mount(type, source, target, ro, consistency, bo, vo, to, io);
    }

    private static CliException bad(String spec, String why) {
        return new CliException(125, "invalid argument " + Args.goQuote(spec) + " for \"--mount\" flag: " + why);
    }

    /** Go's strconv.ParseUint(val, 8, 32), else docker's "invalid value for tmpfs-mode: X". */
    private static Integer octalMode(String spec, String val) {
        if (!val.isEmpty() && val.chars().allMatch(c -> c >= '0' && c <= '7')) {
            try {
                long m = Long.parseLong(val, 8);
                if (m <= 0xffff_ffffL) {
                    return (int) m;
                }
            } catch (NumberFormatException e) {
                // too long: refused below
            }
        }
        throw bad(spec, "invalid value for tmpfs-mode: " + val);
    }

    /** Go's strconv.ParseBool; a bare key is true. */
    private static Boolean bool(String spec, String key, String val) {
        if (val == null) {
            return true;
        }
        return switch (val) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw bad(spec, "invalid value for " + key + ": " + val);
        };
    }

    private static void kv(Map<String, String> m, String val) {
        int eq = val.indexOf('=');
        m.put(eq < 0 ? val : val.substring(0, eq), eq < 0 ? "" : val.substring(eq + 1));
    }
}
