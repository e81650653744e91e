package dev.jdock.daemon.server;

import dev.jdock.daemon.config.TlsSettings;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the API may listen on each {@code tcp://} host, and what to warn about. Whoever reaches the API is root on
 * this host, so plain TCP (no TLS) on an address that is not loopback is refused unless TLS was turned off
 * explicitly ({@code --tls=false}, or {@code "tls": false} in daemon.json), which is then logged loudly. dockerd
 * warns and delays its start by 15 s in that case and plans to refuse it; jdockd refuses at once. Any TCP host
 * without {@code --tlsverify} gets dockerd's warnings. UNIX sockets are not concerned.
 */
public final class TcpExposure {
    private static final Logger LOG = LoggerFactory.getLogger(TcpExposure.class);

    /** What the checks found: lines to log as warnings. */
    public record Verdict(List<String> warnings) {
    }

    /** Resolves a host name to its addresses (tests give a fake). */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private TcpExposure() {
    }

    /** Checks every host; an {@link IllegalArgumentException} is the refusal, its message the reason. */
    public static Verdict check(List<String> hosts, TlsSettings tls, Resolver resolver) {
        List<String> warnings = new ArrayList<>();
        for (String host : hosts) {
            if (!host.startsWith("tcp://") || tls.verify()) {
                continue;
            }
            warnings.add("Binding to IP address without --tlsverify is insecure and gives root access on this machine"
                    + " to everyone who has access to your network. host=\"" + host + "\"");
            warnings.add("Binding to an IP address, even on localhost, can also give access to scripts run in a"
                    + " browser. Be safe out there! host=\"" + host + "\"");
            if (tls.enabled() || isLoopback(host, resolver)) {
                continue;
            }
            if (!tls.plainForced()) {
                throw new IllegalArgumentException("refusing to listen on " + host + " without TLS: anyone who can"
                        + " reach it gets root on this host. Use --tlsverify with --tlscacert, --tlscert and --tlskey"
                        + " (daemon.json: tlsverify, tlscacert, tlscert, tlskey), listen on a loopback address, or"
                        + " give --tls=false to serve plain HTTP there anyway");
            }
            warnings.add("!!! --tls=false: " + host + " serves the API as plain HTTP without any authentication."
                    + " Everyone who can reach it is root on this host. !!!");
        }
        return new Verdict(warnings);
    }

    /**
     * At start, before anything else: false (with the reason on {@code err}, prefixed {@code jdockd: }) when a host is
     * refused or the TLS files cannot be used; the warnings are logged.
     */
    public static boolean startupCheck(List<String> hosts, TlsSettings tls, PrintStream err) {
        try {
            check(hosts, tls).warnings().forEach(LOG::warn);
            if (tls.enabled()) {
                ServerTls.context(tls);
            }
            return true;
        } catch (IllegalArgumentException | IOException e) {
            err.println("jdockd: " + e.getMessage());
            return false;
        }
    }

    /** The default resolver (DNS, /etc/hosts). */
    public static Verdict check(List<String> hosts, TlsSettings tls) {
        return check(hosts, tls, InetAddress::getAllByName);
    }

    /** Every address the host names is loopback (an unresolvable name is not). */
    static boolean isLoopback(String host, Resolver resolver) {
        String name;
        try {
            name = URI.create(host).getHost();
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (name == null || name.isEmpty()) {
            return false;
        }
        if (name.equals("localhost")) {
            return true;
        }
        try {
            InetAddress[] all = resolver.resolve(name.startsWith("[") ? name.substring(1, name.length() - 1) : name);
            for (InetAddress a : all) {
                if (!a.isLoopbackAddress()) {
                    return false;
                }
            }
            return all.length > 0;
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
