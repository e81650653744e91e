package dev.jdock.cli.command;

import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.Filters;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
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
}
