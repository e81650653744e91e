package dev.jdock.daemon.container;

import dev.jdock.daemon.store.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The per-container files bind-mounted into the container: hostname, hosts, resolv.conf. */
final class ContainerFiles {
    private final Path hostResolvConf;

    ContainerFiles(Path hostResolvConf) {
        this.hostResolvConf = hostResolvConf;
    }

    static Path hostname(Container c) {
        return c.dir().resolve("hostname");
    }

    static Path hosts(Container c) {
        return c.dir().resolve("hosts");
    }

    static Path resolvConf(Container c) {
        return c.dir().resolve("resolv.conf");
    }

    /** The log file: {@code <id>-json.log}, or {@code local-logs/container.log} for the local driver (as moby). */
    static Path logPath(Container c) {
        return "local".equals(logDriver(c)) ? c.dir().resolve("local-logs").resolve("container.log")
                : c.dir().resolve(c.id() + "-json.log");
    }

    /** The container's log driver (the daemon's default was filled in at create). */
    static String logDriver(Container c) {
        var lc = c.record().hostConfig() == null ? null : c.record().hostConfig().logConfig();
        return lc == null || lc.type() == null || lc.type().isEmpty() ? "json-file" : lc.type();
    }

    /**
     * Inspect's {@code HostnamePath}, {@code HostsPath} or {@code ResolvConfPath} ({@code name} the file's): the
     * container's own, or for a pod's container the sandbox's that it gets ({@link PodSpecs#etcMounts}), "" when
     * the sandbox has none.
     */
    static String shown(Container c, String name) {
        PodLink pod = c.record().podLink();
        if (pod == null) {
            return c.dir().resolve(name).toString();
        }
        return pod.etcDir().isEmpty() ? "" : Path.of(pod.etcDir(), name).toString();
    }

    /**
     * hostname, hosts and resolv.conf (a container outside a pod): bind-mounted into the container, read there by any user (0644). Derived files,
     * not synced: every start writes them again ({@code NetworkFiles}).
     */
    void writeInitial(Container c) {
        AtomicFiles.writeDerived(hostname(c), hostnameContent(c), AtomicFiles.WORLD_READABLE);
        String hosts = "127.0.0.1\tlocalhost\n"
                + "::1\tlocalhost ip6-localhost ip6-loopback\n"
                + "fe00::0\tip6-localnet\n"
                + "ff00::0\tip6-mcastprefix\n"
                + "ff02::1\tip6-allnodes\n"
                + "ff02::2\tip6-allrouters\n";
        AtomicFiles.writeDerived(hosts(c), hosts.getBytes(StandardCharsets.UTF_8), AtomicFiles.WORLD_READABLE);
        AtomicFiles.writeDerived(resolvConf(c), resolvConf().getBytes(StandardCharsets.UTF_8),
                AtomicFiles.WORLD_READABLE);
    }

    /**
     * The three files exist before a launch: the container's init bind-mounts them before START, while the network
     * attach writes their content in place. A power cut after the create may have lost one (written unsynced): it is
     * made empty here and filled before START.
     */
    static void ensurePresent(Container c) {
        for (Path p : List.of(hostname(c), hosts(c), resolvConf(c))) {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                AtomicFiles.writeDerived(p, new byte[0], AtomicFiles.WORLD_READABLE);
            }
        }
    }

    /** /etc/hostname's content: the configured host name and a newline. */
    private static byte[] hostnameContent(Container c) {
        return (c.record().config().hostname() + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The host's resolv.conf without loopback name servers (unreachable from a container), as Docker does. */
    String resolvConf() {
        List<String> out = new ArrayList<>();
        boolean haveServer = false;
        try {
            for (String line : Files.readAllLines(hostResolvConf)) {
                String t = line.trim();
                if (t.startsWith("nameserver")) {
                    String addr = t.substring("nameserver".length()).trim();
                    if (addr.startsWith("127.") || addr.equals("::1")) {
                        continue;
                    }
                    haveServer = true;
                }
                out.add(line);
            }
        } catch (IOException e) {
            // no host resolv.conf: fall through to the defaults
        }
        if (!haveServer) {
            out.add("nameserver 8.8.8.8");
            out.add("nameserver 8.8.4.4");
        }
        return String.join("\n", out) + "\n";
    }
}
