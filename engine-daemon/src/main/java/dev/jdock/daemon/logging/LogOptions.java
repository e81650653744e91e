package dev.jdock.daemon.logging;

import dev.jdock.daemon.errors.EngineException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A container's {@code --log-driver}/{@code --log-opt} (and daemon.json's {@code log-driver}/{@code log-opts}),
 * checked and read as Docker's json-file and local drivers do. Rotation and compression of rotated files are done by
 * the container monitor; see {@link LogFileReader} for how the files are read back.
 */
public final class LogOptions {
    private static final Set<String> JSON_FILE = Set.of("max-file", "max-size", "compress", "labels",
            "labels-regex", "env", "env-regex", "tag");

    private static final Set<String> LOCAL = Set.of("max-file", "max-size", "compress");
    /** moby's local driver defaults: 20 MiB files, 5 of them, rotated ones compressed. */
    static final long LOCAL_MAX_SIZE = 20L * 1024 * 1024;
    static final int LOCAL_MAX_FILE = 5;

    /** json-file rotation: {@code maxSize} in bytes (-1: never rotate), {@code maxFile} ≥ 1. */
    public record Rotation(long maxSize, int maxFile, boolean compress) {
    }

    private LogOptions() {
    }

    /**
     * Checks the driver, the option names and each value's syntax (create time). Whether compress has the
     * max-size and max-file it needs is checked by {@link #rotation} on the options merged with the daemon's
     * defaults, when the container starts, as Docker does.
     */
    public static void validate(String driver, Map<String, String> opts) {
        String d = driver == null || driver.isEmpty() ? "json-file" : driver;
        Map<String, String> given = opts == null ? Map.of() : opts;
        Map<String, String> o = given;
        if (!d.equals("none")) {
            o = withoutModeOptions(given);
        }
        switch (d) {
            case "json-file" -> {
                for (String k : o.keySet()) {
                    if (!JSON_FILE.contains(k)) {
                        throw EngineException.invalid("unknown log opt '" + k + "' for json-file log driver");
                    }
                }
                maxSize(o);
                maxFile(o);
                compress(o);
            }
            case "none" -> {
                if (!o.isEmpty()) {
                    throw EngineException.invalid("unknown log opt '" + o.keySet().iterator().next()
                            + "' for none log driver");
                }
            }
            case "local" -> {
                for (String k : o.keySet()) {
                    if (!LOCAL.contains(k)) {
                        throw EngineException.invalid("unknown log opt '" + k + "' for log driver local");
                    }
                }
                localRotation(o);
            }
            // moby's ValidateLogOpts: a driver that is not built in is looked up as a plugin
            default -> throw EngineException.invalid("error looking up logging plugin " + d + ": plugin \"" + d
                    + "\" not found");
        }
    }

    /**
     * moby's ValidateLogOpts for every driver but none: mode (blocking or non-blocking) and max-buffer-size (with
     * non-blocking only) are the logger's, not the driver's; the options without them. jdock's monitor writes the
     * log itself and never blocks the container on a slow reader, so both are accepted and change nothing.
     */
    private static Map<String, String> withoutModeOptions(Map<String, String> o) {
        String mode = o.getOrDefault("mode", "");
        if (!mode.isEmpty() && !mode.equals("blocking") && !mode.equals("non-blocking")) {
            throw EngineException.invalid("logger: logging mode not supported: " + mode);
        }
        if (o.containsKey("max-buffer-size")) {
            if (!mode.equals("non-blocking")) {
                throw EngineException.invalid(
                        "logger: max-buffer-size option is only supported with 'mode=non-blocking'");
            }
            try {
                parseSize(o.get("max-buffer-size"), 1024);
            } catch (EngineException e) {
                throw EngineException.invalid("error parsing option max-buffer-size: " + e.getMessage());
            }
        }
        Map<String, String> rest = new LinkedHashMap<>(o);
        rest.remove("mode");
        rest.remove("max-buffer-size");
        return rest;
    }

    /** daemon.json's defaults: everything {@link #validate} checks, and the json-file rotation as a whole. */
    public static void validateDaemonDefaults(String driver, Map<String, String> opts) {
        validate(driver, opts);
        if (driver == null || driver.isEmpty() || driver.equals("json-file")) {
            rotation(opts == null ? Map.of() : opts);
        }
    }

    /** The container's options over the daemon's defaults, key by key (Docker merges them when the drivers match). */
    public static Map<String, String> merge(Map<String, String> opts, Map<String, String> defaults) {
        Map<String, String> out = new LinkedHashMap<>(defaults == null ? Map.of() : defaults);
        if (opts != null) {
            out.putAll(opts);
        }
        return out;
    }

    /** The json-file rotation of (merged) options; compress needs max-size and max-file ≥ 2, as in Docker. */
    public static Rotation rotation(Map<String, String> opts) {
        long size = maxSize(opts);
        int files = maxFile(opts);
        boolean compress = compress(opts);
        if (compress && (files == 1 || size == -1)) {
            throw EngineException.invalid(
                    "compress cannot be true when max-file is less than 2 or max-size is not set");
        }
        return new Rotation(size, files, compress);
    }

    /**
     * The local driver's rotation (moby's daemon/logger/local): max-size in binary units (units.RAMInBytes,
     * default 20 MiB), max-file ≥ 1 (default 5), compress (default true; never with a single file).
     */
    public static Rotation localRotation(Map<String, String> opts) {
        String v = opts.get("max-size");
        long size = v == null ? LOCAL_MAX_SIZE : parseSize(v, 1024);
        if (size <= 0) {
            throw EngineException.invalid("max-size must be a positive number");
        }
        int files = opts.containsKey("max-file") ? maxFile(opts) : LOCAL_MAX_FILE;
        boolean compress = !opts.containsKey("compress") || compress(opts);
        return new Rotation(size, files, compress && files > 1);
    }

    private static long maxSize(Map<String, String> o) {
        String v = o.get("max-size");
        if (v == null) {
            return -1;
        }
        long n = parseSize(v);
        if (n <= 0) {
            throw EngineException.invalid("max-size must be a positive number");
        }
        return n;
    }

    private static int maxFile(Map<String, String> o) {
        String v = o.get("max-file");
        if (v == null) {
            return 1;
        }
        int n;
        try {
            n = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("strconv.Atoi: parsing \"" + v + "\": invalid syntax");
        }
        if (n < 1) {
            throw EngineException.invalid("max-file cannot be less than 1");
        }
        return n;
    }

    /** Go's strconv.ParseBool. */
    private static boolean compress(Map<String, String> o) {
        String v = o.get("compress");
        if (v == null) {
            return false;
        }
        return switch (v) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            default -> throw EngineException.invalid("strconv.ParseBool: parsing \"" + v + "\": invalid syntax");
        };
    }

    /**
     * Docker's units.FromHumanSize, which json-file's max-size uses: decimal units ("1k" = 1000, "10m", "1.5g",
     * "100", "2MB", "3KiB" also read as decimal), no negative sizes.
     */
    public static long parseSize(String s) {
        return parseSize(s, 1000);
    }

    /** As {@link #parseSize(String)} with {@code base} 1000 (go-units FromHumanSize) or 1024 (RAMInBytes). */
    static long parseSize(String s, int base) {
        int sep = -1;
        for (int i = s.length() - 1; i >= 0; i--) {
            if ("0123456789. ".indexOf(s.charAt(i)) >= 0) {
                sep = i;
                break;
            }
        }
        if (sep < 0) {
            throw EngineException.invalid("invalid size: '" + s + "'");
        }
        String num = s.charAt(sep) == ' ' ? s.substring(0, sep) : s.substring(0, sep + 1);
        String sfx = s.substring(sep + 1).toLowerCase(Locale.ROOT);
        double size;
        try {
            size = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw EngineException.invalid("strconv.ParseFloat: parsing \"" + num + "\": invalid syntax");
        }
        if (size < 0 || num.startsWith("-") || num.startsWith("+")) {
            throw EngineException.invalid("invalid size: '" + s + "'");
        }
        if (sfx.isEmpty() || sfx.equals("b")) {
            return (long) size;
        }
        int unit = "kmgtp".indexOf(sfx.charAt(0));
        boolean rest = sfx.length() == 1 || sfx.length() == 2 && sfx.charAt(1) == 'b'
                || sfx.length() == 3 && sfx.endsWith("ib");
        if (unit < 0 || !rest) {
            throw EngineException.invalid("invalid suffix: '" + sfx + "'");
        }
        return (long) (size * Math.pow(base, unit + 1));
    }
}
