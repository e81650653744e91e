package dev.jdock.daemon.network;

import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.daemon.network.dns.EmbeddedDns;
import dev.jdock.daemon.network.firewall.Commands;
import dev.jdock.daemon.network.firewall.Iptables;
import dev.jdock.daemon.network.firewall.IptablesRules;
import dev.jdock.daemon.network.firewall.ProcessCommands;
import dev.jdock.daemon.network.netlink.HostNetFs;
import dev.jdock.daemon.network.netlink.LinuxHostNetFs;
import dev.jdock.daemon.network.netlink.LinuxNetlink;
import dev.jdock.daemon.network.netlink.Netlink;
import dev.jdock.daemon.network.portmap.PortProxy;
import dev.jdock.daemon.network.portmap.PortPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The network feature assembled for the composition root: build it (no host changes), give {@link #attachments()}
 * to the container feature, register {@link #router()}; once the containers are loaded and reconciled,
 * {@link #boot()} brings up the bridges and firewall chains and {@link #restore()} the running containers' ports,
 * DNS and rules.
 */
public final class NetworkModule implements AutoCloseable {
    private final NetworkService service;
    private final NetworkAttachments attachments;
    private final NetworkConnections connections;
    private final PortProxy proxy;
    private final EmbeddedDns dns;

    private NetworkModule(NetworkService service, NetworkAttachments attachments, NetworkConnections connections,
            PortProxy proxy, EmbeddedDns dns) {
        this.service = service;
        this.attachments = attachments;
        this.connections = connections;
        this.proxy = proxy;
        this.dns = dns;
    }

    /**
     * What the network feature changes on the host, as seams: links, addresses and routes ({@link Netlink}), the
     * host netns's sysfs and procfs files ({@link HostNetFs}) and the iptables commands ({@link Commands}).
     */
    public record Host(Netlink netlink, HostNetFs files, Commands commands) {
        /** The kernel of this machine. */
        public static Host linux() {
            return new Host(new LinuxNetlink(), LinuxHostNetFs.host(), new ProcessCommands());
        }
    }

    /** The feature over the networks of {@code dataRoot}/network, acting on {@code host} (nothing done yet). */
    public static NetworkModule create(Path dataRoot, ContainerStore containers, EventSink events, Host host) {
        return create(dataRoot, containers, events, host, true);
    }

    /**
     * As above; {@code userlandProxy} (daemon.json's {@code userland-proxy}) false: the published ports are only held,
     * the kernel's DNAT serves them (it takes the traffic first either way).
     */
    public static NetworkModule create(Path dataRoot, ContainerStore containers, EventSink events, Host host,
            boolean userlandProxy) {
        NetworkNames names = NetworkNames.forDataRoot(dataRoot);
        NetworkService svc = new NetworkService(new NetworkStore(dataRoot.resolve("network")), containers,
                new BridgeOps(host.netlink(), host.files()),
                new Iptables(new IptablesRules(names.chainBase()), host.commands()), events, names,
                () -> engineId(dataRoot));
        NetworkFiles files = new NetworkFiles(Path.of("/etc/resolv.conf"), Path.of("/etc/hosts"),
                () -> svc.byName("bridge").map(NetworkRecord::gateway).orElse("172.17.0.1"));
        PortProxy proxy = new PortProxy();
        PortPublisher ports = new PortPublisher(proxy, userlandProxy);
        EmbeddedDns dns = new EmbeddedDns(proxy.group(), new NetworkDnsResolver(svc, files));
        NetworkAttachments att = new NetworkAttachments(svc, ports, dns, files);
        NetworkConnections conns = new NetworkConnections(svc, att, ports, dns, files, ContainerNetns::verified);
        return new NetworkModule(svc, att, conns, proxy, dns);
    }

    /**
     * The engine's ID, which the daemon keeps in {@code <data-root>/engine-id} from its start on ("" before it is
     * written: only a daemon not yet serving asks).
     */
    static String engineId(Path dataRoot) {
        try {
            return Files.readString(dataRoot.resolve("engine-id")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    public NetworkAttachments attachments() {
        return attachments;
    }

    public NetworkRouter router() {
        return new NetworkRouter(service, connections);
    }

    public NetworkService service() {
        return service;
    }

    /** Loads the networks (creating the default ones) and brings up their bridges and the firewall chains. */
    public void boot() {
        service.boot();
    }

    /** Restores proxies, DNS and rules of running containers; removes what a crash left behind. */
    public void restore() {
        connections.restore();
    }

    @Override
    public void close() {
        dns.close();
        proxy.close();
    }
}
