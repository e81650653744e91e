package dev.jdock.daemon.network;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.PortBinding;
import dev.jdock.api.types.network.Ipam;
import dev.jdock.api.types.network.IpamConfig;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerRecord;
import dev.jdock.daemon.container.ContainerRunState;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.daemon.network.dns.ContainerDns;
import dev.jdock.daemon.network.firewall.Iptables;
import dev.jdock.daemon.network.firewall.IptablesRules;
import dev.jdock.daemon.network.firewall.RecordingCommands;
import dev.jdock.daemon.network.netlink.FakeNetlink;
import dev.jdock.daemon.network.portmap.PortProxy;
import dev.jdock.daemon.network.portmap.PortPublisher;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The network feature wired as {@link NetworkModule} does, on an in-memory kernel ({@link FakeNetlink}), recorded
 * iptables commands, a recording DNS and stores in a temporary directory: no root needed. The port proxy is real
 * (loopback sockets): close the testbed.
 */
final class NetworkTestbed implements AutoCloseable {
    /** The engine ID the feature is given: its ULA pool is fd62:fb69:18af::/48 (moby's test vector). */
    static final String ENGINE_ID = "499d4bc0-b0b3-416f-b1ee-cf6486315593";

    /** An event as the feature emitted it. */
    record Event(String type, String action, String actorId, Map<String, String> attributes) {
    }

    /** Records which containers' DNS servers run. */
    static final class RecordingDns implements ContainerDns {
        final List<String> started = new CopyOnWriteArrayList<>();
        final List<String> stopped = new CopyOnWriteArrayList<>();

        @Override
        public void start(String containerId, String nsPath) {
            started.add(containerId + " " + nsPath);
        }

        @Override
        public void stop(String containerId) {
            stopped.add(containerId);
        }
    }

    final Path root;
    final FakeNetlink kernel;
    final RecordingCommands commands = new RecordingCommands();
    final List<Event> events = new CopyOnWriteArrayList<>();
    final ContainerStore containers;
    final NetworkNames names;
    final NetworkService service;
    final PortProxy proxy = new PortProxy();
    final PortPublisher ports = new PortPublisher(proxy);
    final RecordingDns dns = new RecordingDns();
    final NetworkFiles files;
    final NetworkAttachments attachments;
    final NetworkConnections connections;

    NetworkTestbed(Path root) throws IOException {
        this(root, new FakeNetlink());
    }

    /** A daemon on {@code root} and {@code kernel}: a second one on the same pair is the same daemon restarted. */
    NetworkTestbed(Path root, FakeNetlink kernel) throws IOException {
        this.root = Files.createDirectories(root);
        this.kernel = kernel;
        this.containers = new ContainerStore(root.resolve("containers"));
        this.names = NetworkNames.forDataRoot(root);
        EventSink sink = (type, action, id, attrs) -> events.add(new Event(type, action, id, Map.copyOf(attrs)));
        this.service = new NetworkService(new NetworkStore(root.resolve("network")), containers,
                new BridgeOps(kernel, kernel), new Iptables(new IptablesRules(names.chainBase()), commands), sink,
                names, () -> ENGINE_ID);
        Files.writeString(root.resolve("resolv.conf"), "nameserver 192.0.2.53\n");
        Files.writeString(root.resolve("hosts"), NetworkFiles.HEADER);
        this.files = new NetworkFiles(root.resolve("resolv.conf"), root.resolve("hosts"), () -> "172.17.0.1");
        this.attachments = new NetworkAttachments(service, ports, dns, files);
        this.connections = new NetworkConnections(service, attachments, ports, dns, files, c -> {
            String path = "/proc/" + c.state().pid() + "/ns/net"; // the testbed's containers are plain processes
            return new ContainerNetns() {
                @Override
                public String path() {
                    return path;
                }

                @Override
                public void close() {
                }
            };
        });
    }

    /** A container created on {@code networkMode} with the given port bindings, recorded by the network feature. */
    Container create(String id, String networkMode, Map<String, List<PortBinding>> bindings) {
        return create(id, networkMode, bindings, null);
    }

    /** The same, with the image's exposed ports ({@code 80/tcp}) in its config. */
    Container create(String id, String networkMode, Map<String, List<PortBinding>> bindings, List<String> exposed) {
        HostConfig hc = HostConfig.builder().networkMode(networkMode).portBindings(bindings).build();
        Map<String, Map<String, Object>> ports = null;
        if (exposed != null) {
            ports = new java.util.LinkedHashMap<>();
            for (String p : exposed) {
                ports.put(p, Map.of());
            }
        }
        ContainerConfig cfg = ContainerConfig.builder().image("busybox").cmd(List.of("top")).exposedPorts(ports)
                .build();
        Container c = containers.add(new ContainerRecord(id, "c-" + id.substring(0, 4), "2024-01-01T00:00:00Z",
                "top", List.of(), "sha256:" + "1".repeat(64), cfg, hc));
        ContainerCreateRequest req = ContainerCreateRequest.builder().image("busybox").hostConfig(hc).build();
        attachments.validateCreate(req);
        attachments.created(c, req);
        return c;
    }

    /**
     * A container created on {@code networkMode} whose request names each of {@code networks} in its EndpointsConfig
     * (the docker CLI's several {@code --network} at API 1.44+: the mode is the first).
     */
    Container createOn(String id, String networkMode, List<String> networks) {
        HostConfig hc = HostConfig.builder().networkMode(networkMode).build();
        Map<String, dev.jdock.api.types.container.EndpointSettings> eps = new java.util.LinkedHashMap<>();
        networks.forEach(n -> eps.put(n, dev.jdock.api.types.container.EndpointSettings.builder().build()));
        Container c = containers.add(new ContainerRecord(id, "c-" + id.substring(0, 4), "2024-01-01T00:00:00Z",
                "top", List.of(), "sha256:" + "1".repeat(64), ContainerConfig.builder().image("busybox").build(), hc));
        ContainerCreateRequest req = ContainerCreateRequest.builder().image("busybox").hostConfig(hc)
                .networkingConfig(new dev.jdock.api.types.container.NetworkingConfig(eps)).build();
        attachments.validateCreate(req);
        attachments.created(c, req);
        return c;
    }

    /** The container's process {@code pid} is held before START, in a new netns of its own. */
    String hold(Container c, int pid) {
        containers.update(c, ContainerRunState.created().running(pid, pid + 1, "2024-01-01T00:00:01Z"));
        String ns = "/proc/" + pid + "/ns/net";
        kernel.addNetns(ns);
        return ns;
    }

    NetworkCreateRequest bridgeRequest(String name, String subnet) {
        Ipam ipam = subnet == null ? null : new Ipam(Ipam.DEFAULT_DRIVER, null,
                List.of(new IpamConfig(subnet, null, null, null)));
        return new NetworkCreateRequest(name, "bridge", false, false, null, ipam, null, null);
    }

    /** An IPv6 bridge network: an IPv4 subnet (null: picked) and an IPv6 one (null: from the ULA pool). */
    NetworkCreateRequest ipv6Request(String name, String subnet, String subnet6) {
        List<IpamConfig> pools = new java.util.ArrayList<>();
        if (subnet != null) {
            pools.add(new IpamConfig(subnet, null, null, null));
        }
        if (subnet6 != null) {
            pools.add(new IpamConfig(subnet6, null, null, null));
        }
        return new NetworkCreateRequest(name, "bridge", false, false, true, new Ipam(Ipam.DEFAULT_DRIVER, null, pools),
                null, null);
    }

    List<String> actions(String type) {
        return events.stream().filter(e -> e.type().equals(type)).map(Event::action).toList();
    }

    @Override
    public void close() {
        proxy.close();
    }
}
