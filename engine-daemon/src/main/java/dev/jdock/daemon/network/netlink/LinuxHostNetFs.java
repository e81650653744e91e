package dev.jdock.daemon.network.netlink;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link HostNetFs} on the files of sysfs and procfs: {@code /sys/class/net} and {@code /proc} for the daemon. */
public final class LinuxHostNetFs implements HostNetFs {
    private static final Logger LOG = LoggerFactory.getLogger(LinuxHostNetFs.class);

    private final Path sysClassNet;
    private final Path proc;

    /** Reads {@code sysClassNet} ({@code /sys/class/net}) and {@code proc} ({@code /proc}); other roots in tests. */
    public LinuxHostNetFs(Path sysClassNet, Path proc) {
        this.sysClassNet = sysClassNet;
        this.proc = proc;
    }

    /** The daemon's own: {@code /sys/class/net} and {@code /proc}. */
    public static LinuxHostNetFs host() {
        return new LinuxHostNetFs(Path.of("/sys/class/net"), Path.of("/proc"));
    }

    @Override
    public boolean linkExists(String name) {
        return Files.exists(sysClassNet.resolve(name));
    }

    @Override
    public void routeLocalnet(String link) {
        try {
            Path f = proc.resolve("sys/net/ipv4/conf").resolve(link).resolve("route_localnet");
            if (!Files.readString(f).trim().equals("1")) {
                Files.writeString(f, "1");
            }
        } catch (IOException e) {
            LOG.warn("route_localnet on {}: {}", link, e.getMessage());
        }
    }

    @Override
    public Map<String, String> masters() {
        Map<String, String> out = new LinkedHashMap<>();
        try (Stream<Path> s = Files.list(sysClassNet)) {
            for (Path p : s.toList()) {
                Path master = p.resolve("master");
                if (Files.exists(master)) {
                    out.put(p.getFileName().toString(), Files.readSymbolicLink(master).getFileName().toString());
                }
            }
        } catch (IOException e) {
            LOG.debug("listing {}: {}", sysClassNet, e.getMessage());
        }
        return out;
    }

    @Override
    public void enableForwarding() {
        try {
            Path f = proc.resolve("sys/net/ipv4/ip_forward");
            if (!Files.readString(f).trim().equals("1")) {
                Files.writeString(f, "1");
            }
        } catch (IOException e) {
            LOG.warn("enabling ip_forward: {}", e.getMessage());
        }
    }

    @Override
    public boolean enableIpv6Forwarding() {
        try {
            Path f = proc.resolve("sys/net/ipv6/conf/all/forwarding");
            if (!Files.readString(f).trim().equals("1")) {
                Files.writeString(f, "1");
                return true;
            }
        } catch (IOException e) {
            LOG.warn("enabling IPv6 forwarding: {}", e.getMessage());
        }
        return false;
    }

    @Override
    public void enableIpv6(String link) {
        if (!isLinkName(link)) {
            throw new IllegalArgumentException("not an interface name: \"" + link + "\"");
        }
        try {
            Path f = proc.resolve("sys/net/ipv6/conf").resolve(link).resolve("disable_ipv6");
            if (Files.readString(f).trim().equals("1")) {
                Files.writeString(f, "0");
            }
        } catch (IOException e) {
            LOG.warn("enabling IPv6 on {}: {}", link, e.getMessage());
        }
    }

    @Override
    public boolean ipv6Available() {
        return Files.isDirectory(proc.resolve("sys/net/ipv6"));
    }

    /**
     * A name the kernel accepts for a link ({@code dev_valid_name}: 1 to 15 bytes, not "." or "..", no '/', ':' or
     * whitespace), hence one path element under {@code /proc/sys/net/ipv6/conf}.
     */
    static boolean isLinkName(String name) {
        return name != null && !name.isEmpty() && name.getBytes(StandardCharsets.UTF_8).length <= 15
                && !name.equals(".") && !name.equals("..")
                && name.chars().noneMatch(c -> c == '/' || c == ':' || c <= ' ' || c == 0x7f);
    }

    /** {@code /proc/net/route}: destination and mask in hex, in the kernel's (little-endian) byte order. */
    @Override
    public List<Route> routes() {
        List<Route> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(proc.resolve("net/route"))) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8 || f[0].equals("Iface") || f[1].equals("00000000")) {
                    continue;
                }
                int dst = Integer.reverseBytes((int) Long.parseLong(f[1], 16));
                int mask = Integer.reverseBytes((int) Long.parseLong(f[7], 16));
                out.add(new Route(dst, Integer.bitCount(mask)));
            }
        } catch (IOException | RuntimeException e) {
            LOG.debug("reading host routes: {}", e.getMessage());
        }
        return out;
    }
}
