package dev.jdock.cli.command;

import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the docker CLI learns from {@code HEAD /_ping} to refuse flags the daemon cannot take: its OS
 * ({@code Ostype}) and whether it runs experimental features ({@code Docker-Experimental}). Asked only when such a
 * flag is given, so no other command pays for the ping.
 */
public record DaemonTraits(String osType, boolean experimental) {
    public static DaemonTraits ping(Cli cli) throws IOException {
        try (HttpResponse r = cli.client().send(HttpRequest.head("/_ping").unversioned())) {
            String os = r.header("Ostype");
            return new DaemonTraits(os == null || os.isEmpty() ? "linux" : os,
                    "true".equals(r.header("Docker-Experimental")));
        }
    }

    /**
     * docker's areFlagsSupported for the flags given: each Windows-only one on another OS, each experimental one
     * on a daemon without experimental features, one line each (exit 1).
     */
    public static void check(Cli cli, List<String> windowsOnly, List<String> experimental) throws IOException {
        if (windowsOnly.isEmpty() && experimental.isEmpty()) {
            return;
        }
        DaemonTraits t = ping(cli);
        List<String> errs = new ArrayList<>();
        for (String f : windowsOnly) {
            if (!t.osType().equals("windows")) {
                errs.add("\"--" + f + "\" is only supported on a Docker daemon running on windows, but the Docker "
                        + "daemon is running on " + t.osType());
            }
        }
        for (String f : experimental) {
            if (!t.experimental()) {
                errs.add("\"--" + f + "\" is only supported on a Docker daemon with experimental features enabled");
            }
        }
        if (!errs.isEmpty()) {
            throw new CliException(1, String.join("\n", errs));
        }
    }
}
