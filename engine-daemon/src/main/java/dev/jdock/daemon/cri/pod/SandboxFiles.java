package dev.jdock.daemon.cri.pod;

import dev.jdock.daemon.cri.cni.RuntimeConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.AtomicFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The files a pod's containers get as {@code /etc/hostname}, {@code /etc/hosts} and {@code /etc/resolv.conf},
 * written into the sandbox's run directory ({@code <exec-root>/cri/sandboxes/<id>/}: {@link #HOSTNAME},
 * {@link #HOSTS}, {@link #RESOLV_CONF}) as containerd's {@code setupSandboxFiles} writes them:
 * <ul>
 *   <li>{@code hostname}: the config's hostname, or the host's when it gives none, and a newline;</li>
 *   <li>{@code hosts}: a copy of the host's {@code /etc/hosts} (the kubelet mounts its own managed hosts file into
 *       pod-network containers; containerd leaves the rest to it);</li>
 *   <li>{@code resolv.conf}: from {@code dns_config} ({@code search}, then one {@code nameserver} line per server,
 *       then {@code options}), or a copy of the host's when dns_config gives nothing.</li>
 * </ul>
 * Each is written atomically, 0644, since any user in a container reads it.
 */
public final class SandboxFiles {
    public static final String HOSTNAME = "hostname";
    public static final String HOSTS = "hosts";
    public static final String RESOLV_CONF = "resolv.conf";
    private static final int MAX_HOST_FILE = 1 << 20;

    private final Path hostHosts;
    private final Path hostResolvConf;
    private final Supplier<String> hostHostname;

    public SandboxFiles(Path hostHosts, Path hostResolvConf, Supplier<String> hostHostname) {
        this.hostHosts = hostHosts;
        this.hostResolvConf = hostResolvConf;
        this.hostHostname = hostHostname;
    }

    /** The host's files: {@code /etc/hosts}, {@code /etc/resolv.conf}, the kernel's hostname. */
    public static SandboxFiles host() {
        return new SandboxFiles(Path.of("/etc/hosts"), Path.of("/etc/resolv.conf"), SandboxFiles::kernelHostname);
    }

    /** Writes the three files of {@code s} into {@code dir} (made if missing). */
    public void write(Path dir, PodSandbox s) {
        String hostname = s.hostname().isEmpty() ? hostHostname.get() : s.hostname();
        String resolv = resolvConf(s.linux().dns());
        AtomicFiles.writeDerived(dir.resolve(HOSTNAME), (hostname + "\n").getBytes(StandardCharsets.UTF_8),
                AtomicFiles.WORLD_READABLE);
        AtomicFiles.writeDerived(dir.resolve(HOSTS), readHost(hostHosts), AtomicFiles.WORLD_READABLE);
        AtomicFiles.writeDerived(dir.resolve(RESOLV_CONF), resolv.isEmpty() ? readHost(hostResolvConf)
                : resolv.getBytes(StandardCharsets.UTF_8), AtomicFiles.WORLD_READABLE);
    }

    /**
     * containerd's parseDNSOptions: empty when the config gives nothing (then the host's is copied).
     *
     * @throws EngineException invalid, for a value with a line break (it would add lines of its own)
     */
    static String resolvConf(RuntimeConfig.Dns dns) {
        if (dns == null) {
            return "";
        }
        StringBuilder b = new StringBuilder();
        List<String> searches = orEmpty(dns.searches());
        List<String> servers = orEmpty(dns.servers());
        List<String> options = orEmpty(dns.options());
        for (String v : Stream.of(searches, servers, options).flatMap(List::stream).toList()) {
            if (v.indexOf('\n') >= 0 || v.indexOf('\r') >= 0 || v.indexOf('\0') >= 0) {
                throw EngineException.invalid("failed to parse sandbox DNSConfig: "
                        + "a line break in \"" + v.strip() + "\"");
            }
        }
        if (!searches.isEmpty()) {
            b.append("search ").append(String.join(" ", searches)).append('\n');
        }
        for (String server : servers) {
            b.append("nameserver ").append(server).append('\n');
        }
        if (!options.isEmpty()) {
            b.append("options ").append(String.join(" ", options)).append('\n');
        }
        return b.toString();
    }

    private static List<String> orEmpty(List<String> l) {
        return l == null ? List.of() : l;
    }

    private static byte[] readHost(Path f) {
        try {
            byte[] b;
            try (var in = Files.newInputStream(f)) {
                b = in.readNBytes(MAX_HOST_FILE + 1);
            }
            if (b.length > MAX_HOST_FILE) {
                throw new IOException("larger than " + MAX_HOST_FILE + " bytes");
            }
            return b;
        } catch (IOException e) {
            throw new UncheckedIOException("failed to copy the host's " + f + " into the sandbox", e);
        }
    }

    private static String kernelHostname() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("failed to get hostname", e);
        }
    }
}
