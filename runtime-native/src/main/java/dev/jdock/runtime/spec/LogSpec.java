package dev.jdock.runtime.spec;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The monitor's log: Docker json-file, or the local driver's framed protobuf records, with size rotation
 * ({@code maxSize} 0 = unlimited), rotated files gzip-compressed when {@code compress}; the CRI's lines
 * ({@code <time> <stream> <F|P> <line>}, rotated by the kubelet); or none. json-file lines carry {@code attrs}, a
 * JSON object as Docker's json-file writes it (its log-opt labels, env, their regex forms and tag), when it is not
 * empty.
 */
public record LogSpec(String driver, Path path, long maxSize, int maxFile, boolean compress, String attrs) {
    /** The largest attrs object the monitor takes (bytes of its UTF-8). */
    public static final int MAX_ATTRS = 64 * 1024;

    public LogSpec {
        if (!driver.equals("json-file") && !driver.equals("local") && !driver.equals("cri") && !driver.equals("none")) {
            throw new IllegalArgumentException("unsupported log driver " + driver);
        }
        if (!driver.equals("none")) {
            RuntimeSpec.requireAbsolute(path, "log path");
        }
        if (maxSize < 0 || maxFile < 1 || maxFile > 1000) {
            throw new IllegalArgumentException("invalid log rotation " + maxSize + "/" + maxFile);
        }
        if (!attrs.isEmpty() && (!driver.equals("json-file") || !attrs.startsWith("{") || !attrs.endsWith("}")
                || attrs.getBytes(StandardCharsets.UTF_8).length > MAX_ATTRS)) {
            throw new IllegalArgumentException("invalid log attrs for " + driver);
        }
    }

    public LogSpec(String driver, Path path, long maxSize, int maxFile, boolean compress) {
        this(driver, path, maxSize, maxFile, compress, "");
    }

    public LogSpec(String driver, Path path, long maxSize, int maxFile) {
        this(driver, path, maxSize, maxFile, false);
    }

    public static LogSpec jsonFile(Path path, long maxSize, int maxFile) {
        return new LogSpec("json-file", path, maxSize, maxFile, false);
    }

    public static LogSpec jsonFile(Path path, long maxSize, int maxFile, boolean compress) {
        return new LogSpec("json-file", path, maxSize, maxFile, compress);
    }

    /** This log with {@code attrs} (json-file: a JSON object, "" for none) in every line. */
    public LogSpec withAttrs(String attrs) {
        return new LogSpec(driver, path, maxSize, maxFile, compress, attrs);
    }

    public static LogSpec local(Path path, long maxSize, int maxFile, boolean compress) {
        return new LogSpec("local", path, maxSize, maxFile, compress);
    }

    /** The CRI's log at {@code path}: the kubelet rotates it (and then asks for a reopen), the monitor never does. */
    public static LogSpec cri(Path path) {
        return new LogSpec("cri", path, 0, 1, false);
    }

    public static LogSpec none() {
        return new LogSpec("none", Path.of("/dev/null"), 0, 1, false);
    }
}
