package dev.jdock.daemon.logging;

import com.google.re2j.Pattern;
import dev.jdock.api.GoJson;
import dev.jdock.daemon.api.FilterRegex;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.spec.LogSpec;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The "attrs" Docker's json-file driver writes into every line: moby's {@code logger.Info.ExtraAttributes} (the
 * container's labels named by log-opt {@code labels} or matched by {@code labels-regex}, then its environment
 * variables named by {@code env} or matched by {@code env-regex}, a later one replacing an earlier one of the same
 * name) and the expanded {@code tag} as "tag", as the JSON {@code json.Marshal} gives: keys in byte order, strings
 * escaped as Go does (the HTML-sensitive {@code < > &} too). The container monitor writes the object as it is.
 */
public final class LogAttrs {
    /** How a start words an error of the log driver's creation (moby's daemon.StartLogger). */
    static final String INIT_FAILED = "failed to initialize logging driver: ";
    /** Go's string order (of the UTF-8 bytes), which is the order of the code points. */
    public static final Comparator<String> GO_ORDER = LogAttrs::compareUtf8;

    private LogAttrs() {
    }

    /**
     * The attrs object of a container with these (merged) log options, "" when it has none (start time: a bad
     * regex or tag template fails the start, as Docker's logger creation does).
     */
    public static String json(Map<String, String> opts, Map<String, String> labels, List<String> env,
            LogTag.Info info) {
        return json(opts, labels, env, info, true);
    }

    /**
     * The json-file driver made for reading a container that is not running (moby's ContainerLogs: StartLogger, then
     * jsonfilelog.New): a regex or tag it refuses is a 500 with its own words, without the start's
     * "failed to initialize logging driver: ". jdock's bound on the attrs' size is no reason to refuse a read.
     */
    public static void checkLogger(Map<String, String> opts, Map<String, String> labels, List<String> env,
            LogTag.Info info) {
        try {
            json(opts, labels, env, info, true);
        } catch (EngineException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(INIT_FAILED)) {
                throw EngineException.system(e.getMessage().substring(INIT_FAILED.length()), e);
            }
        }
    }

    /**
     * Create time: only the size is checked (the same attrs, a bad regex or template matching nothing); Docker
     * finds those when the container starts.
     */
    public static void checkSize(Map<String, String> opts, Map<String, String> labels, List<String> env,
            LogTag.Info info) {
        json(opts, labels, env, info, false);
    }

    private static String json(Map<String, String> opts, Map<String, String> labels, List<String> env,
            LogTag.Info info, boolean strict) {
        Map<String, String> attrs = extra(opts, labels == null ? Map.of() : labels, env == null ? List.of() : env,
                strict);
        String tag = strict ? LogTag.expand(opts.get("tag"), info) : LogTag.expandOrNone(opts.get("tag"), info);
        if (!tag.isEmpty()) {
            attrs.put("tag", tag);
        }
        if (attrs.isEmpty()) {
            return "";
        }
        String json = goJson(attrs);
        int size = json.getBytes(StandardCharsets.UTF_8).length;
        if (size > LogSpec.MAX_ATTRS) {
            throw EngineException.invalid("log attrs of " + size + " bytes (from log-opt labels, env, their regex "
                    + "forms and tag) exceed the " + LogSpec.MAX_ATTRS + " bytes allowed");
        }
        return json;
    }

    /** moby's ExtraAttributes: labels, labels-regex, env, env-regex, in that order (a later value wins). */
    static Map<String, String> extra(Map<String, String> opts, Map<String, String> labels, List<String> env,
            boolean strict) {
        Map<String, String> out = new TreeMap<>(GO_ORDER);
        for (String k : names(opts.get("labels"))) {
            if (labels.containsKey(k)) {
                out.put(k, labels.get(k));
            }
        }
        Pattern labelsRe = regex(opts.get("labels-regex"), strict);
        if (labelsRe != null) {
            labels.forEach((k, v) -> {
                if (labelsRe.matcher(k).find()) {
                    out.put(k, v);
                }
            });
        }
        Map<String, String> vars = new TreeMap<>();
        for (String e : env) {
            int eq = e.indexOf('=');
            if (eq >= 0) {
                vars.put(e.substring(0, eq), e.substring(eq + 1));
            }
        }
        for (String k : names(opts.get("env"))) {
            if (vars.containsKey(k)) {
                out.put(k, vars.get(k));
            }
        }
        Pattern envRe = regex(opts.get("env-regex"), strict);
        if (envRe != null) {
            vars.forEach((k, v) -> {
                if (envRe.matcher(k).find()) {
                    out.put(k, v);
                }
            });
        }
        return out;
    }

    private static List<String> names(String csv) {
        return csv == null || csv.isEmpty() ? List.of() : List.of(csv.split(",", -1));
    }

    /**
     * Go's regexp (RE2) with RE2/J ({@link FilterRegex#compileGo}: linear whatever the pattern, Go's syntax and
     * words); a pattern that does not compile fails the start, as dockerd's logger does, or is no filter when not
     * {@code strict}.
     */
    private static Pattern regex(String re, boolean strict) {
        if (re == null || re.isEmpty()) {
            return null;
        }
        try {
            return FilterRegex.compileGo(re);
        } catch (IllegalArgumentException e) {
            if (!strict) {
                return null;
            }
            throw EngineException.invalid(INIT_FAILED + e.getMessage());
        }
    }

    private static int compareUtf8(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int x = a.codePointAt(i);
            int y = b.codePointAt(j);
            if (x != y) {
                return Integer.compare(x, y);
            }
            i += Character.charCount(x);
            j += Character.charCount(y);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }

    /** {@code json.Marshal} of a {@code map[string]string} whose iteration order is already Go's. */
    static String goJson(Map<String, String> map) {
        StringBuilder b = new StringBuilder("{");
        map.forEach((k, v) -> {
            if (b.length() > 1) {
                b.append(',');
            }
            GoJson.quote(b, k, true).append(':');
            GoJson.quote(b, v, true);
        });
        return b.append('}').toString();
    }
}
