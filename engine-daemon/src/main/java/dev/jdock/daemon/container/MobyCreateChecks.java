package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.caps.Capabilities;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks moby 27's verifyContainerSettings makes at create (each a 400 with its message) that jdock had no
 * equivalent for: ExtraHosts' format, which list an unknown capability is in, and the working directory (the
 * healthcheck's are {@link HealthcheckRules}).
 */
final class MobyCreateChecks {
    private MobyCreateChecks() {
    }

    /** moby's ValidateExtraHost: {@code name:ip} or {@code name=ip}, ip a literal ([v6] too) or host-gateway. */
    static void extraHosts(List<String> hosts) {
        for (String h : hosts == null ? List.<String>of() : hosts) {
            int eq = h.indexOf('=');
            int sep = eq >= 0 ? eq : h.indexOf(':');
            if (sep <= 0) {
                throw EngineException.invalid("bad format for add-host: \"" + h + "\"");
            }
            String ip = h.substring(sep + 1);
            if (!ip.equals("host-gateway") && !ipLiteral(ip)) {
                throw EngineException.invalid("invalid IP address in add-host: \"" + ip + "\"");
            }
        }
    }

    private static boolean ipLiteral(String s) {
        String ip = s.startsWith("[") && s.endsWith("]") ? s.substring(1, s.length() - 1) : s;
        if (ip.isEmpty() || !ip.matches("[0-9a-fA-F.:]+") || !(ip.contains(".") || ip.contains(":"))) {
            return false; // InetAddress would resolve a name; only literals pass
        }
        try {
            InetAddress.getByName(ip);
            return true;
        } catch (UnknownHostException e) {
            return false;
        }
    }

    /** moby's validateContainerConfig: the request's StopSignal, is a signal (else {@code Invalid signal: X}). */
    static void stopSignal(String signal) {
        if (signal != null && !signal.isEmpty()) {
            Signals.parse(signal);
        }
    }

    /** moby's translateWorkingDir: the request's WorkingDir, when given, is absolute. */
    static void workingDir(String dir) {
        if (dir != null && !dir.isEmpty() && !dir.startsWith("/")) {
            throw EngineException.invalid("the working directory '" + dir + "' is invalid, it needs to be an "
                    + "absolute path");
        }
    }

    /**
     * moby's SetupWorkingDirectory at create: the merged config's WorkingDir as Go's filepath.Clean makes it
     * ({@code /tmp/} is {@code /tmp}), which is what inspect shows.
     */
    static String cleanWorkingDir(String dir) {
        return dir == null || dir.isEmpty() || !dir.startsWith("/") ? dir : Path.of(dir).normalize().toString();
    }

    /** moby's validateCapabilities: the list an unknown name is in prefixes the message. */
    static void capabilities(HostConfig hc) {
        check("CapAdd", hc.capAdd());
        check("CapDrop", hc.capDrop());
    }

    private static void check(String field, List<String> names) {
        try {
            Capabilities.compute(names, List.of(), false, Capabilities.ALL_KNOWN);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid " + field + ": " + e.getMessage());
        }
    }
}
