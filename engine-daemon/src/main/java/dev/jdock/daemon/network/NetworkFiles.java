package dev.jdock.daemon.network;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.container.Container;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The container's /etc/hosts and /etc/resolv.conf (files in its directory, bind-mounted by the runtime). Written in
 * place, so that the bind mount of a running container sees the change (connect/disconnect).
 */
public final class NetworkFiles {
    /** resolv.conf's field separator, compiled once (String.split compiles a regex per call). */
    private static final Pattern SPACES = Pattern.compile("\\s+");
    private static final Logger LOG = LoggerFactory.getLogger(NetworkFiles.class);
    static final String HEADER = "127.0.0.1\tlocalhost\n"
            + "::1\tlocalhost ip6-localhost ip6-loopback\n"
            + "fe00::0\tip6-localnet\n"
            + "ff00::0\tip6-mcastprefix\n"
            + "ff02::1\tip6-allnodes\n"
            + "ff02::2\tip6-allrouters\n";

    private final Path hostResolvConf;
    private final Path hostHosts;
    private final Supplier<String> hostGateway;

    public NetworkFiles(Path hostResolvConf, Path hostHosts, Supplier<String> hostGateway) {
        this.hostResolvConf = hostResolvConf;
        this.hostHosts = hostHosts;
        this.hostGateway = hostGateway;
    }

    /** Writes both files for the container's network mode and addresses; {@code embeddedDns} on user networks. */
    public void write(Container c, String mode, List<String> addresses, boolean embeddedDns) {
        write(c, mode, addresses, embeddedDns, List.of());
    }

    /** As above, with {@code linkLines} (legacy links on the default bridge) added to /etc/hosts. */
    public void write(Container c, String mode, List<String> addresses, boolean embeddedDns, List<String> linkLines) {
        HostConfig hc = c.record().hostConfig();
        // moby: the host's file for host networking, unless ExtraHosts are given (then Docker's default and those)
        String hosts = mode.equals("host") && (hc.extraHosts() == null || hc.extraHosts().isEmpty())
                ? read(hostHosts, HEADER) : hosts(c, addresses, hc, linkLines);
        write(c.dir().resolve("hosts"), hosts);
        write(c.dir().resolve("resolv.conf"), resolvConf(hc, embeddedDns, mode.equals("host")));
        restoreHostname(c);
    }

    /**
     * The create writes /etc/hostname without a sync (a derived file): after a power cut it may be empty, and is
     * written again here (not in place when it has content: a running container may be reading it).
     */
    private static void restoreHostname(Container c) {
        Path p = c.dir().resolve("hostname");
        try {
            if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS) || Files.size(p) == 0) {
                write(p, c.record().config().hostname() + "\n");
            }
        } catch (IOException e) {
            LOG.warn("checking {}: {}", p, e.getMessage());
        }
    }

    String hosts(Container c, List<String> addresses, HostConfig hc) {
        return hosts(c, addresses, hc, List.of());
    }

    /** moby's order: the header, ExtraHosts, the links (extra hosts too in libnetwork), the container's addresses. */
    String hosts(Container c, List<String> addresses, HostConfig hc, List<String> linkLines) {
        StringBuilder sb = new StringBuilder(HEADER);
        for (String h : hc.extraHosts() == null ? List.<String>of() : hc.extraHosts()) {
            int sep = h.indexOf(':');
            if (sep < 0) {
                sep = h.indexOf('=');
            }
            if (sep > 0) {
                String ip = h.substring(sep + 1);
                if (ip.equals("host-gateway")) {
                    ip = hostGateway.get();
                }
                sb.append(ip).append('\t').append(h, 0, sep).append('\n');
            }
        }
        linkLines.forEach(l -> sb.append(l).append('\n'));
        String names = hostNames(c.record().config().hostname(), c.record().config().domainname());
        for (String a : addresses) {
            sb.append(a).append('\t').append(names).append('\n');
        }
        return sb.toString();
    }

    /**
     * libnetwork's names for the container's own addresses: the FQDN (hostname, ".domainname" when set), then, when
     * it has a dot, its first label, separated by a space ({@code box.example.com box}).
     */
    static String hostNames(String host, String domain) {
        String fqdn = domain == null || domain.isEmpty() ? host : host + "." + domain;
        int dot = fqdn.indexOf('.');
        return dot < 0 ? fqdn : fqdn + " " + fqdn.substring(0, dot);
    }

    String resolvConf(HostConfig hc, boolean embeddedDns, boolean hostMode) {
        List<String> servers = new ArrayList<>();
        List<String> search = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String line : read(hostResolvConf, "").split("\n")) {
            String[] f = SPACES.split(line.trim());
            if (f.length < 2) {
                continue;
            }
            switch (f[0]) {
                case "nameserver" -> {
                    if (hostMode || !(f[1].startsWith("127.") || f[1].equals("::1"))) {
                        servers.add(f[1]);
                    }
                }
                case "search", "domain" -> search.addAll(List.of(f).subList(1, f.length));
                case "options" -> options.addAll(List.of(f).subList(1, f.length));
                default -> { }
            }
        }
        if (hc.dns() != null && !hc.dns().isEmpty()) {
            servers = hc.dns();
        }
        if (hc.dnsSearch() != null && !hc.dnsSearch().isEmpty()) {
            search = hc.dnsSearch();
        }
        if (hc.dnsOptions() != null && !hc.dnsOptions().isEmpty()) {
            options = hc.dnsOptions();
        }
        StringBuilder sb = new StringBuilder();
        if (embeddedDns) {
            sb.append("# jdock embedded DNS; upstream: ").append(String.join(" ", servers)).append('\n');
            sb.append("nameserver 127.0.0.11\n");
        } else {
            if (servers.isEmpty()) {
                servers = List.of("8.8.8.8", "8.8.4.4");
            }
            servers.forEach(s -> sb.append("nameserver ").append(s).append('\n'));
        }
        if (!search.isEmpty()) {
            sb.append("search ").append(String.join(" ", search)).append('\n');
        }
        List<String> opts = new ArrayList<>(options);
        if (embeddedDns && opts.stream().noneMatch(o -> o.startsWith("ndots"))) {
            opts.add("ndots:0");
        }
        if (!opts.isEmpty()) {
            sb.append("options ").append(String.join(" ", opts)).append('\n');
        }
        return sb.toString();
    }

    /** The upstream servers for the embedded DNS: --dns, else the host's. */
    public List<String> upstream(HostConfig hc) {
        if (hc.dns() != null && !hc.dns().isEmpty()) {
            return hc.dns();
        }
        List<String> out = new ArrayList<>();
        for (String line : read(hostResolvConf, "").split("\n")) {
            String[] f = SPACES.split(line.trim());
            if (f.length >= 2 && f[0].equals("nameserver")) {
                out.add(f[1]);
            }
        }
        return out;
    }

    private static String read(Path p, String def) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            return def;
        }
    }

    private static void write(Path p, String content) {
        try {
            Files.write(p, content.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.warn("writing {}: {}", p, e.getMessage());
        }
    }
}
