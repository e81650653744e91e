package dev.jdock.daemon.build.dockerfile;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * One {@code RUN --mount=...} (BuildKit {@code instructions/commands_runmount.go}): a CSV list of {@code key=value}
 * fields. Values holding a {@code $} are kept raw and only checked once expanded ({@link #parse} with the
 * expander of the step).
 *
 * @param type bind (the default), cache, tmpfs, secret or ssh
 * @param target where it is mounted ({@code target}, {@code dst}, {@code destination})
 * @param source {@code source}/{@code src}, or null
 * @param from a stage or image, or null
 * @param id a cache id or secret id, or null
 * @param sharing for cache mounts: shared, private or locked, or null (shared)
 * @param mode an octal file mode, or null
 * @param uid owner uid, or null
 * @param gid owner gid, or null
 * @param readOnly read-only; defaults to false for cache and tmpfs, true otherwise
 * @param required for secret and ssh mounts: fail when the secret is missing
 * @param sizeLimit for tmpfs: the {@code size} in bytes, or null
 * @param env for secret mounts: the environment variable to expose it as, or null
 * @param raw the flag value as written
 */
public record Mount(String type, String target, String source, String from, String id, String sharing,
        Integer mode, Long uid, Long gid, boolean readOnly, boolean required, Long sizeLimit, String env,
        String raw) {
    private static final Set<String> TYPES = Set.of("bind", "cache", "tmpfs", "secret", "ssh");

    /** Parses a {@code --mount} value; {@code expander} is the identity at parse time. */
    static Mount parse(String raw, UnaryOperator<String> expander, boolean deferVariables) {
        Builder b = new Builder();
        b.raw = raw;
        List<String> fields;
        try {
            fields = csv(raw);
        } catch (ParseFailure e) {
            throw new ParseFailure("failed to parse csv mounts: " + e.getMessage());
        }
        for (String field : fields) {
            b.field(field, expander, deferVariables);
        }
        return b.build();
    }

    Mount expanded(UnaryOperator<String> expander) {
        return parse(raw, expander, false);
    }

    private static final class Builder {
        String type = "bind";
        String target;
        String source;
        String from;
        String id;
        String sharing;
        Integer mode;
        Long uid;
        Long gid;
        Boolean readOnly;
        boolean required;
        Long sizeLimit;
        String env;
        String raw;

        void field(String field, UnaryOperator<String> expander, boolean defer) {
            int eq = field.indexOf('=');
            String key = (eq < 0 ? field : field.substring(0, eq)).toLowerCase(Locale.ROOT);
            if (eq < 0) {
                flag(key, field);
                return;
            }
            String value = expander.apply(field.substring(eq + 1));
            if (defer && value.indexOf('$') >= 0) {
                if (key.equals("from") && value.indexOf('$') != value.length() - 1) {
                    throw new ParseFailure("'from' doesn't support variable expansion, define alias stage instead");
                }
                return;
            }
            keyValue(key, value, field);
        }

        private void flag(String key, String field) {
            switch (key) {
                case "readonly", "ro" -> readOnly = true;
                case "readwrite", "rw" -> readOnly = false;
                case "required" -> required = secretOrSsh(key);
                default -> throw new ParseFailure("invalid field '" + field + "' must be a key=value pair");
            }
        }

        private void keyValue(String key, String value, String field) {
            switch (key) {
                case "type" -> {
                    if (!TYPES.contains(value.toLowerCase(Locale.ROOT))) {
                        throw new ParseFailure("unsupported mount type \"" + value + "\"");
                    }
                    type = value.toLowerCase(Locale.ROOT);
                }
                case "from" -> from = value;
                case "source", "src" -> source = value;
                case "target", "dst", "destination" -> target = value;
                case "readonly", "ro" -> readOnly = bool(key, value);
                case "readwrite", "rw" -> readOnly = !bool(key, value);
                case "required" -> required = secretOrSsh(key) && bool(key, value);
                case "size" -> sizeLimit = size(key, value);
                case "env" -> env = value;
                case "id" -> id = value;
                case "sharing" -> sharing(value);
                case "mode" -> mode = (int) number(value, 8, "mode");
                case "uid" -> uid = number(value, 10, "uid");
                case "gid" -> gid = number(value, 10, "gid");
                default -> throw new ParseFailure("unexpected key '" + key + "' in '" + field + "'");
            }
        }

        private boolean secretOrSsh(String key) {
            if (!type.equals("secret") && !type.equals("ssh")) {
                throw new ParseFailure("unexpected key '" + key + "' for mount type '" + type + "'");
            }
            return true;
        }

        private long size(String key, String value) {
            if (!type.equals("tmpfs")) {
                throw new ParseFailure("unexpected key '" + key + "' for mount type '" + type + "'");
            }
            Long bytes = Units.ramInBytes(value);
            if (bytes == null) {
                throw new ParseFailure("invalid value for " + key + ": " + value);
            }
            return bytes;
        }

        private void sharing(String value) {
            String v = value.toLowerCase(Locale.ROOT);
            if (!v.equals("shared") && !v.equals("private") && !v.equals("locked")) {
                throw new ParseFailure("unsupported sharing value \"" + value + "\"");
            }
            sharing = v;
        }

        private static boolean bool(String key, String value) {
            switch (value) {
                case "1", "t", "T", "TRUE", "true", "True":
                    return true;
                case "0", "f", "F", "FALSE", "false", "False":
                    return false;
                default:
                    throw new ParseFailure("invalid value for " + key + ": " + value);
            }
        }

        private static long number(String value, int radix, String what) {
            try {
                long v = Long.parseLong(value, radix);
                if (v < 0 || v > 0xFFFF_FFFFL || value.startsWith("+")) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new ParseFailure("invalid value " + value + " for " + what);
            }
        }

        Mount build() {
            boolean fileInfo = type.equals("cache") || type.equals("secret") || type.equals("ssh");
            if (!fileInfo) {
                String bad = mode != null ? "mode" : uid != null ? "uid" : gid != null ? "gid" : null;
                if (bad != null) {
                    throw new ParseFailure(bad + " not allowed for \"" + type + "\" type mounts");
                }
            }
            if (type.equals("secret")) {
                secretChecks();
            }
            if (sharing != null && !type.equals("cache")) {
                throw new ParseFailure("invalid cache sharing set for " + type + " mount");
            }
            boolean ro = readOnly != null ? readOnly : !(type.equals("cache") || type.equals("tmpfs"));
            return new Mount(type, target, source, from, id, sharing, mode, uid, gid, ro, required, sizeLimit, env,
                    raw);
        }

        private void secretChecks() {
            if (from != null) {
                throw new ParseFailure("secret mount should not have a from");
            }
            if (sharing != null) {
                throw new ParseFailure("secret mount should not define sharing");
            }
            if (source == null && target == null && id == null) {
                throw new ParseFailure("invalid secret mount. one of source, target required");
            }
            if (source != null && id != null) {
                throw new ParseFailure("both source and id can't be set");
            }
        }
    }

    /** One CSV record as Go's encoding/csv reads it: fields split at commas, {@code "..."} quoting with "". */
    static List<String> csv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        int n = line.length();
        while (true) {
            f.setLength(0);
            if (i < n && line.charAt(i) == '"') {
                i = quotedField(line, i + 1, f);
            } else {
                while (i < n && line.charAt(i) != ',') {
                    char c = line.charAt(i++);
                    if (c == '"') {
                        throw new ParseFailure("parse error on line 1, column " + i + ": bare \" in non-quoted-field");
                    }
                    f.append(c);
                }
            }
            out.add(f.toString());
            if (i >= n) {
                return out;
            }
            i++;
        }
    }

    private static int quotedField(String line, int i, StringBuilder f) {
        int n = line.length();
        while (i < n) {
            char c = line.charAt(i++);
            if (c != '"') {
                f.append(c);
            } else if (i < n && line.charAt(i) == '"') {
                f.append('"');
                i++;
            } else if (i >= n || line.charAt(i) == ',') {
                return i;
            } else {
                throw new ParseFailure("parse error on line 1, column " + (i + 1)
                        + ": extraneous or missing \" in quoted-field");
            }
        }
        throw new ParseFailure("parse error on line 1, column " + n + ": extraneous or missing \" in quoted-field");
    }
}
