package dev.jdock.daemon.logging;

import dev.jdock.daemon.errors.EngineException;
import java.util.Map;
import java.util.Set;

/**
 * Checks a container's {@code --log-driver}/{@code --log-opt} as Docker does at create time. Rotation is done by
 * the container monitor, which renames but does not compress, so {@code compress=true} is refused rather than
 * silently ignored.
 */
public final class LogOptions {
    private static final Set<String> JSON_FILE = Set.of("max-file", "max-size", "compress", "labels",
            "labels-regex", "env", "env-regex", "tag");

    private LogOptions() {
    }

    public static void validate(String driver, Map<String, String> opts) {
        String d = driver == null || driver.isEmpty() ? "json-file" : driver;
        Map<String, String> o = opts == null ? Map.of() : opts;
        switch (d) {
            case "json-file" -> validateJsonFile(o);
            case "none" -> {
                if (!o.isEmpty()) {
                    throw EngineException.invalid("unknown log opt '" + o.keySet().iterator().next()
                            + "' for none log driver");
                }
            }
            default -> throw EngineException.invalid("logger: no log driver named '" + d + "' is registered");
        }
    }

    private static void validateJsonFile(Map<String, String> o) {
        for (String k : o.keySet()) {
            if (!JSON_FILE.contains(k)) {
                throw EngineException.invalid("unknown log opt '" + k + "' for json-file log driver");
            }
        }
        String maxFile = o.get("max-file");
        if (maxFile != null) {
            int n;
            try {
                n = Integer.parseInt(maxFile);
            } catch (NumberFormatException e) {
                throw EngineException.invalid("strconv.Atoi: parsing \"" + maxFile + "\": invalid syntax");
            }
            if (n < 1) {
                throw EngineException.invalid("max-file cannot be less than 1");
            }
        }
        String compress = o.get("compress");
        if (compress != null && !compress.equalsIgnoreCase("false")) {
            if (!compress.equalsIgnoreCase("true")) {
                throw EngineException.invalid("error reading compress log option: strconv.ParseBool: parsing \""
                        + compress + "\": invalid syntax");
            }
            throw EngineException.invalid("log opt 'compress' is not supported by jdock's json-file logger "
                    + "(rotated files are kept uncompressed)");
        }
    }
}
