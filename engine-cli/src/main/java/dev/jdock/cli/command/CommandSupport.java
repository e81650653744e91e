package dev.jdock.cli.command;

import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.Filters;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What commands of several resources share: one request per argument, {@code --filter}, key=value flags. */
public final class CommandSupport {
    private CommandSupport() {
    }

    /** One request for one command-line argument. */
    public interface Action {
        void apply(String name) throws IOException;
    }

    /**
     * The docker CLI's version gate for a flag newer than the negotiated API (save, load and history --platform:
     * 1.48, image inspect --platform: 1.49, rmi --platform: 1.50): {@code "--flag" requires API version V, but the
     * Docker daemon API version is N}, exit 1.
     */
    public static void requireApi(Cli cli, Args a, String flag, String version) throws IOException {
        if (a.changed(flag)) {
            dev.jdock.api.ApiVersion v = cli.client().apiVersion();
            if (!v.atLeast(version)) {
                throw new CliException(1, "\"--" + flag + "\" requires API version " + version
                        + ", but the Docker daemon API version is " + v.major() + "." + v.minor());
            }
        }
    }

    /** Runs {@code action} per name, prints the name on success, docker's error lines otherwise (exit 1). */
    public static int each(Cli cli, Args.Spec spec, Args a, Action action) throws IOException {
        int rc = 0;
        for (String name : a.positionals()) {
            try {
                action.apply(name);
            } catch (EngineApiException e) {
                cli.err().println("Error response from daemon: " + e.getMessage());
                rc = 1;
            }
        }
        return rc;
    }

    /** The {@code --filter} values as the API's {@code filters} query. */
    public static Filters filters(Args a) {
        Filters f = new Filters();
        for (String v : a.values("filter")) {
            f.add(v);
        }
        return f;
    }

    /** {@code --label k=v}, {@code --opt k}: an ordered map, {@code ""} for a key without {@code =}. */
    public static Map<String, String> keyValues(List<String> l) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String kv : l) {
            int eq = kv.indexOf('=');
            m.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
        }
        return m;
    }

    /**
     * One record of Go's encoding/csv from flag {@code flag}'s value (named in the parse error): comma-separated
     * fields, a field may be quoted ({@code ""} for a quote).
     */
    public static List<String> csv(Args.Spec spec, String flag, String line) {
        List<String> out = new ArrayList<>();
        StringBuilder f = new StringBuilder();
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw Args.invalidArgument(spec, flag, line, "parse error on line 1, column "
                                + (line.length() + 1) + ": extraneous or missing \" in quoted-field");
                    }
                    char c = line.charAt(i++);
                    if (c == '"' && i < line.length() && line.charAt(i) == '"') {
                        f.append('"');
                        i++;
                    } else if (c == '"') {
                        break;
                    } else {
                        f.append(c);
                    }
                }
            }
            while (i < line.length() && line.charAt(i) != ',') {
                f.append(line.charAt(i++));
            }
            out.add(f.toString());
            f.setLength(0);
            if (i >= line.length()) {
                return out;
            }
            i++;
        }
    }

    /**
     * pflag's StringSlice: every value of {@code flag} as a CSV record, in order; an empty value adds nothing
     * ({@code --subnet 10.1.0.0/16,fd00::/64} is two subnets).
     */
    public static List<String> stringSlice(Args.Spec spec, Args a, String flag) {
        List<String> out = new ArrayList<>();
        for (String v : a.values(flag)) {
            if (!v.isEmpty()) {
                out.addAll(csv(spec, flag, v));
            }
        }
        return out;
    }
}
