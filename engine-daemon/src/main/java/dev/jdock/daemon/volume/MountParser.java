package dev.jdock.daemon.volume;

import dev.jdock.api.types.container.Mount;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.MsFlags;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Docker's parsing and validation of {@code -v} specs ({@code HostConfig.Binds}) and {@code --mount} objects
 * ({@code HostConfig.Mounts}), with moby's error messages (volume/mounts/linux_parser.go).
 */
public final class MountParser {
    private static final Set<String> PROPAGATION = MsFlags.PROPAGATION_MODES;
    private static final Set<String> RW = Set.of("rw", "ro");
    private static final Set<String> LABEL = Set.of("z", "Z");
    private static final Set<String> COPY = Set.of("nocopy");
    private static final Set<String> CONSISTENCY = Set.of("consistent", "cached", "delegated");

    private MountParser() {
    }

    /** One {@code -v} spec: {@code dest}, {@code src:dest} or {@code src:dest:mode}. */
    public static MountRequest parseBind(String raw, String volumeDriver) {
        if (raw == null || raw.isEmpty()) {
            throw invalidSpec(raw);
        }
        String[] arr = raw.split(":", -1);
        String source = "";
        String target;
        String mode = "";
        switch (arr.length) {
            case 1 -> target = arr[0];
            case 2 -> {
                if (validMode(arr[1])) {
                    throw invalidSpec(raw); // a destination and a mode but no source: "/foo:rw"
                }
                source = arr[0];
                target = arr[1];
            }
            case 3 -> {
                source = arr[0];
                target = arr[1];
                mode = arr[2];
            }
            default -> throw invalidSpec(raw);
        }
        if (!validMode(mode)) {
            throw EngineException.invalid("invalid mode: " + mode);
        }
        if (arr.length > 1 && source.isEmpty()) {
            throw invalidSpec(raw);
        }
        String type = source.startsWith("/") ? MountRequest.BIND : MountRequest.VOLUME;
        List<String> modes = List.of(mode.split(","));
        boolean readOnly = modes.contains("ro");
        String propagation = modes.stream().filter(PROPAGATION::contains).findFirst().orElse("");
        boolean noCopy = modes.contains("nocopy");
        try {
            checkTarget(type, target);
            if (type.equals(MountRequest.BIND)) {
                if (noCopy) {
                    throw mountConfig(type, "field VolumeOptions must not be specified");
                }
            } else if (!propagation.isEmpty()) {
                throw mountConfig(type, "field BindOptions must not be specified");
            }
        } catch (EngineException e) {
            throw EngineException.invalid("invalid volume specification: '" + raw + "': " + e.getMessage());
        }
        String driver = type.equals(MountRequest.VOLUME) ? volumeDriver : "";
        return new MountRequest(type, source, clean(target), readOnly, mode, propagation, noCopy, driver, null, null,
                true, false, "");
    }

    /** One {@code --mount} object. */
    public static MountRequest parseMount(Mount m) {
        String type = m.type() == null ? "" : m.type();
        boolean ro = Boolean.TRUE.equals(m.readOnly());
        String source = m.source() == null ? "" : m.source();
        String target = m.target() == null ? "" : m.target();
        if (!Set.of(MountRequest.VOLUME, MountRequest.BIND, MountRequest.TMPFS, MountRequest.IMAGE).contains(type)) {
            throw mountConfig(type, "mount type unknown");
        }
        if (target.isEmpty()) {
            throw mountConfig(type, "field Target must not be empty");
        }
        checkTarget(type, target);
        if (m.imageOptions() != null && !type.equals(MountRequest.IMAGE)) {
            throw mountConfig(type, "field ImageOptions must not be specified");
        }
        return switch (type) {
            case MountRequest.BIND -> bind(m, source, target, ro);
            case MountRequest.VOLUME -> volume(m, source, target, ro);
            case MountRequest.IMAGE -> image(m, source, target);
            default -> tmpfs(m, source, target, ro);
        };
    }

    /**
     * {@code type=image} (API 1.48): the image named by {@code Source}, which must be present locally (checked at
     * create), always read-only as in moby 28 ({@code ReadOnly: false} is not an error: the mount is made read-only
     * all the same and inspect says {@code RW: false}); {@code ImageOptions.Subpath} must be local (Go's
     * {@code filepath.IsLocal}: relative, not climbing out with {@code ..}); whether it exists and stays inside the
     * image through its symlinks is known only when the init resolves it at start.
     */
    private static MountRequest image(Mount m, String source, String target) {
        String type = MountRequest.IMAGE;
        if (m.bindOptions() != null) {
            throw mountConfig(type, "field BindOptions must not be specified");
        }
        if (m.volumeOptions() != null) {
            throw mountConfig(type, "field VolumeOptions must not be specified");
        }
        if (m.tmpfsOptions() != null) {
            throw mountConfig(type, "field TmpfsOptions must not be specified");
        }
        if (source.isEmpty()) {
            throw mountConfig(type, "field Source must not be empty");
        }
        String sub = m.imageOptions() == null || m.imageOptions().subpath() == null ? "" : m.imageOptions().subpath();
        return new MountRequest(type, source, clean(target), true, "", "rprivate", false, "", null, null, false,
                false, "", sub.isEmpty() ? "" : localSubpath(type, sub));
    }

    /**
     * A subpath cleaned ("" for the root itself), refused unless Go's {@code filepath.IsLocal} holds: not empty,
     * not absolute, and not {@code ..} or below it once cleaned (moby's {@code errInvalidSubpath}).
     */
    static String localSubpath(String type, String sub) {
        String cleaned;
        try {
            cleaned = sub.startsWith("/") || sub.indexOf('\0') >= 0 ? null : Path.of(sub).normalize().toString();
        } catch (java.nio.file.InvalidPathException e) {
            cleaned = null;
        }
        if (cleaned == null || cleaned.equals("..") || cleaned.startsWith("../")) {
            throw mountConfig(type, "subpath must be a relative path within the volume");
        }
        return cleaned.equals(".") ? "" : cleaned;
    }

    private static MountRequest bind(Mount m, String source, String target, boolean ro) {
        String type = MountRequest.BIND;
        if (source.isEmpty()) {
            throw mountConfig(type, "field Source must not be empty");
        }
        String propagation = "";
        boolean nonRecursive = false;
        if (m.bindOptions() != null) {
            propagation = m.bindOptions().propagation() == null ? "" : m.bindOptions().propagation();
            if (!propagation.isEmpty() && !PROPAGATION.contains(propagation)) {
                throw mountConfig(type, "invalid propagation mode: " + propagation);
            }
            nonRecursive = Boolean.TRUE.equals(m.bindOptions().nonRecursive());
            checkRecursiveReadOnly(type, m.bindOptions(), ro, propagation);
        }
        if (m.volumeOptions() != null) {
            throw mountConfig(type, "field VolumeOptions must not be specified");
        }
        if (m.tmpfsOptions() != null) {
            throw mountConfig(type, "field TmpfsOptions must not be specified");
        }
        if (!source.startsWith("/")) {
            throw mountConfig(type, "invalid mount path: '" + source + "' mount path must be absolute");
        }
        boolean create = m.bindOptions() != null && Boolean.TRUE.equals(m.bindOptions().createMountpoint());
        if (!create && !Files.exists(Path.of(source))) {
            throw mountConfig(type, "bind source path does not exist: " + source);
        }
        return new MountRequest(type, source, clean(target), ro, "", propagation, false, "", null, null, create,
                nonRecursive, "");
    }

    /**
     * A bind's choice for the mounts below it ({@link MountRequest#RRO_ENABLED}, {@link MountRequest#RRO_DISABLED}
     * or "", the default) from API 1.44's {@code ReadOnlyForceRecursive} and {@code ReadOnlyNonRecursive}.
     */
    static String recursiveReadOnly(Mount.BindOptions o) {
        return o == null ? "" : Boolean.TRUE.equals(o.readOnlyForceRecursive()) ? MountRequest.RRO_ENABLED
                : Boolean.TRUE.equals(o.readOnlyNonRecursive()) ? MountRequest.RRO_DISABLED : "";
    }

    /** {@code ReadOnlyNonRecursive} and {@code ReadOnlyForceRecursive}, checked as moby checks them. */
    private static void checkRecursiveReadOnly(String type, Mount.BindOptions o, boolean ro, String propagation) {
        boolean non = Boolean.TRUE.equals(o.readOnlyNonRecursive());
        boolean force = Boolean.TRUE.equals(o.readOnlyForceRecursive());
        if (non && !ro) {
            throw mountConfig(type, "option 'ReadOnlyNonRecursive' requires 'ReadOnly' to be set");
        }
        if (force) {
            if (!ro) {
                throw mountConfig(type, "option 'ReadOnlyForceRecursive' requires 'ReadOnly' to be set");
            }
            if (non) {
                throw mountConfig(type, "option 'ReadOnlyForceRecursive' conflicts with 'ReadOnlyNonRecursive'");
            }
            if (!propagation.isEmpty() && !propagation.equals("rprivate")) {
                throw mountConfig(type, "option 'ReadOnlyForceRecursive' requires 'BindOptions.Propagation' to be "
                        + "'rprivate'");
            }
            if (Boolean.TRUE.equals(o.nonRecursive())) {
                throw mountConfig(type, "option 'ReadOnlyForceRecursive' conflicts with 'NonRecursive'");
            }
        }
    }

    private static MountRequest volume(Mount m, String source, String target, boolean ro) {
        String type = MountRequest.VOLUME;
        if (m.bindOptions() != null) {
            throw mountConfig(type, "field BindOptions must not be specified");
        }
        if (m.tmpfsOptions() != null) {
            throw mountConfig(type, "field TmpfsOptions must not be specified");
        }
        Mount.VolumeOptions vo = m.volumeOptions();
        String sub = vo == null || vo.subpath() == null ? "" : vo.subpath();
        if (!sub.isEmpty()) { // API 1.45, checked before ReadOnly as moby does
            if (source.isEmpty()) {
                throw mountConfig(type, "must not set Subpath when using anonymous volumes");
            }
            sub = localSubpath(type, sub);
        }
        if (ro && source.isEmpty()) {
            throw mountConfig(type, "must not set ReadOnly mode when using anonymous volumes");
        }
        String driver = vo != null && vo.driverConfig() != null ? vo.driverConfig().name() : "";
        Map<String, String> opts = vo != null && vo.driverConfig() != null ? vo.driverConfig().options() : null;
        boolean noCopy = vo != null && Boolean.TRUE.equals(vo.noCopy());
        return new MountRequest(type, source, clean(target), ro, "", "", noCopy, driver, opts,
                vo == null ? null : vo.labels(), false, false, "", sub);
    }

    private static MountRequest tmpfs(Mount m, String source, String target, boolean ro) {
        String type = MountRequest.TMPFS;
        if (m.bindOptions() != null) {
            throw mountConfig(type, "field BindOptions must not be specified");
        }
        if (m.volumeOptions() != null) {
            throw mountConfig(type, "field VolumeOptions must not be specified");
        }
        if (!source.isEmpty()) {
            throw mountConfig(type, "field Source must not be specified");
        }
        StringBuilder data = new StringBuilder();
        Mount.TmpfsOptions t = m.tmpfsOptions();
        if (t != null && t.sizeBytes() != null && t.sizeBytes() != 0) {
            if (t.sizeBytes() < 0) {
                throw mountConfig(type, "invalid tmpfs size: " + t.sizeBytes());
            }
            data.append("size=").append(sizeWithSuffix(t.sizeBytes()));
        }
        if (t != null && t.mode() != null && t.mode() != 0) {
            data.append(data.length() == 0 ? "" : ",").append("mode=").append(Integer.toOctalString(t.mode()));
        }
        return new MountRequest(type, "", clean(target), ro, "", "", false, "", null, null, false, false,
                data.toString());
    }

    /** moby's ConvertTmpfsOptions: the largest of k, m, g that divides the size evenly. */
    static String sizeWithSuffix(long bytes) {
        String[] suffixes = {"g", "m", "k"};
        long[] units = {1L << 30, 1L << 20, 1L << 10};
        for (int i = 0; i < units.length; i++) {
            if (bytes % units[i] == 0) {
                return (bytes / units[i]) + suffixes[i];
            }
        }
        return Long.toString(bytes);
    }

    private static void checkTarget(String type, String target) {
        if (target.isEmpty()) {
            throw mountConfig(type, "field Target must not be empty");
        }
        if (!target.startsWith("/")) {
            throw mountConfig(type, "invalid mount path: '" + target + "' mount path must be absolute");
        }
        if (clean(target).equals("/")) {
            throw EngineException.invalid("invalid specification: destination can't be '/'");
        }
    }

    /** Go's filepath.Clean for absolute paths. */
    static String clean(String p) {
        return Path.of(p).normalize().toString();
    }

    /** moby's ValidMountMode: each kind of option at most once. */
    static boolean validMode(String mode) {
        if (mode.isEmpty()) {
            return true;
        }
        int rw = 0;
        int label = 0;
        int prop = 0;
        int copy = 0;
        int consistency = 0;
        for (String o : mode.split(",", -1)) {
            if (RW.contains(o)) {
                rw++;
            } else if (LABEL.contains(o)) {
                label++;
            } else if (PROPAGATION.contains(o)) {
                prop++;
            } else if (COPY.contains(o)) {
                copy++;
            } else if (CONSISTENCY.contains(o)) {
                consistency++;
            } else {
                return false;
            }
        }
        return rw <= 1 && label <= 1 && prop <= 1 && copy <= 1 && consistency <= 1;
    }

    private static EngineException invalidSpec(String raw) {
        return EngineException.invalid("invalid volume specification: '" + raw + "'");
    }

    static EngineException mountConfig(String type, String message) {
        return EngineException.invalid("invalid mount config for type \"" + type + "\": " + message);
    }
}
