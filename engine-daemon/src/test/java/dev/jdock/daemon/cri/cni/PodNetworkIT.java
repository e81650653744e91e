package dev.jdock.daemon.cri.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.daemon.network.Ipv4;
import dev.jdock.daemon.network.Subnet;
import dev.jdock.runtime.syscall.LinuxSyscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The REAL Debian plugins (containernetworking-plugins in /usr/lib/cni) on the default conflist, renamed to a
 * bridge, subnet and network of this test only: a pod netns made by {@link PodNetns}, ADD gives eth0 an address of
 * the subnet with a default route through the bridge, lo is up, a host port reaches a server in the netns through
 * portmap's CNI-HOSTPORT-DNAT, CHECK passes, and DEL plus the netns removal leave no rule, reservation or mount.
 * The shared top-level chains (CNI-HOSTPORT-*, CNI-FORWARD, CNI-ADMIN) and the bridge are removed afterwards when
 * this test created them. Needs root.
 */
@Tag("root")
class PodNetworkIT {
    private static final Path PLUGINS = Path.of("/usr/lib/cni");
    private static final String NET = "jdcni-it";
    private static final String BRIDGE = "jdcni-it0";
    private static final String SUBNET = "10.213.90.0/24";
    private static final String GATEWAY = "10.213.90.1";
    private static final int HOST_PORT = 18089;
    private static final String ID = "c0ffee0123456789c0ffee0123456789c0ffee0123456789c0ffee0123456789";
    /** table, chain, the chains that jump to it. */
    private static final String[][] SHARED_CHAINS = {
        {"nat", "CNI-HOSTPORT-DNAT", "PREROUTING", "OUTPUT"},
        {"nat", "CNI-HOSTPORT-MASQ", "POSTROUTING"},
        {"nat", "CNI-HOSTPORT-SETMARK"},
        {"filter", "CNI-FORWARD", "FORWARD"},
        {"filter", "CNI-ADMIN", "CNI-FORWARD"},
    };

    private Path root;
    private PodNetns netns;
    private PodNetwork network;
    private PodAttachment pod;
    private Process server;
    private final List<String[]> chainsWeMade = new ArrayList<>();
    private boolean varLibCniExisted;

    @BeforeEach
    void setUp() throws Exception {
        assumeTrue(Files.isExecutable(PLUGINS.resolve("bridge")), "containernetworking-plugins not installed");
        varLibCniExisted = Files.exists(Path.of("/var/lib/cni"));
        for (String[] c : SHARED_CHAINS) {
            if (sh("iptables", "-w", "-t", c[0], "-S", c[1]) != 0) {
                chainsWeMade.add(c);
            }
        }
        root = Files.createTempDirectory(Path.of("/run"), "jdcni-it-");
        Path conf = Files.createDirectories(root.resolve("net.d"));
        ObjectNode list = DefaultConflist.build(NET, BRIDGE, SUBNET);
        ((ObjectNode) list.at("/plugins/0/ipam")).put("dataDir", root.resolve("ipam").toString());
        Files.write(conf.resolve("10-it.conflist"), CniConfigs.JSON.writeValueAsBytes(list));
        ChildProcessExec exec = new ChildProcessExec();
        netns = new PodNetns(root.resolve("netns"), Path.of("/usr/bin/unshare"), exec, new LinuxSyscalls());
        network = new PodNetwork(new CniConfigs(conf), new PluginPath(List.of(PLUGINS)), exec,
                new ResultCache(root.resolve("results")), Duration.ofSeconds(30));
        pod = PodAttachment.pod(ID, netns.path(ID), "default", "it", "uid-it");
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (server != null) {
            server.descendants().forEach(ProcessHandle::destroyForcibly);
            server.destroyForcibly().waitFor();
        }
        try {
            network.tearDown(pod, RuntimeConfig.NONE);
        } catch (RuntimeException ignored) {
            // the test's own DEL may have run already
        }
        try {
            netns.remove(ID);
        } catch (RuntimeException ignored) {
            // best effort
        }
        sh("ip", "link", "del", BRIDGE);
        for (String[] c : chainsWeMade) {
            dropChain(c);
        }
        if (!varLibCniExisted) {
            deleteTree(Path.of("/var/lib/cni"));
        }
        if (root != null) {
            deleteTree(root);
        }
    }

    @Test
    void addCheckDel_withTheRealPlugins() throws Exception {
        Path ns = netns.create(ID);
        assertEquals(PodNetns.NSFS_MAGIC, new LinuxSyscalls().statfsType(ns));
        RuntimeConfig ports = new RuntimeConfig(List.of(new RuntimeConfig.PortMapping(HOST_PORT, 80, "tcp", "")),
                null, null);

        PodNetwork.Attached a = network.setUp(pod, ports);

        String ip = a.podIps().get(0);
        assertTrue(Subnet.parse(SUBNET).contains(Ipv4.parse(ip)), ip);
        assertTrue(out("nsenter", "--net=" + ns, "ip", "-4", "-o", "addr", "show", "dev", "eth0")
                .contains(" " + ip + "/24 "));
        assertTrue(out("nsenter", "--net=" + ns, "ip", "-4", "route").contains("default via " + GATEWAY
                + " dev eth0"));
        assertTrue(out("nsenter", "--net=" + ns, "ip", "link", "show", "lo").contains("UP"), "loopback plugin");
        assertEquals(0, sh("nsenter", "--net=" + ns, "busybox", "ping", "-c", "1", "-W", "2", GATEWAY));
        assertTrue(out("iptables", "-w", "-t", "nat", "-S", "CNI-HOSTPORT-DNAT").contains(ID), "portmap's rule");
        assertTrue(out("iptables", "-w", "-S", "CNI-FORWARD").contains(ip + "/32"), "firewall's accept");

        Path www = Files.createDirectories(root.resolve("www"));
        Files.writeString(www.resolve("index.html"), "hello from the pod\n");
        server = new ProcessBuilder("nsenter", "--net=" + ns, "busybox", "httpd", "-f", "-p", "80", "-h",
                www.toString()).redirectErrorStream(true).start();
        assertTrue(httpGet(GATEWAY, HOST_PORT).contains("hello from the pod"), "host port " + HOST_PORT + " -> :80");

        try {
            network.check(pod);
        } catch (CniException e) {
            // portmap before 1.2 (Debian's 1.1.1) looks for IPv6 rules of an IPv4-only pod (plugins#819)
            assertTrue(e.getMessage().startsWith("plugin type=\"portmap\" name=\"" + NET + "\" failed (check):"
                    + " could not check ipv6 dnat"), e.getMessage());
        }

        network.tearDown(pod, RuntimeConfig.NONE);
        assertFalse(out("iptables", "-w", "-t", "nat", "-S").contains(ID), "no portmap or masquerade rule left");
        assertFalse(out("iptables", "-w", "-S").contains(ip + "/32"), "no firewall rule left");
        assertFalse(out("nsenter", "--net=" + ns, "ip", "link").contains("eth0"), "eth0 is gone");
        try (Stream<Path> s = Files.list(root.resolve("ipam").resolve(NET))) {
            assertFalse(s.anyMatch(p -> p.getFileName().toString().equals(ip)), "host-local released " + ip);
        }
        assertFalse(Files.exists(root.resolve("results").resolve(NET + "-" + ID + "-eth0")));

        server.destroyForcibly().waitFor();
        netns.remove(ID);
        assertFalse(Files.exists(ns));
        assertFalse(Files.readString(Path.of("/proc/self/mountinfo")).contains(ns.toString()), "unmounted");
    }

    private static String httpGet(String host, int port) throws Exception {
        IOException last = null;
        for (int i = 0; i < 50; i++) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), 2000);
                s.setSoTimeout(5000);
                OutputStream o = s.getOutputStream();
                o.write("GET / HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                o.flush();
                try (InputStream in = s.getInputStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                last = e;
                Thread.sleep(100);
            }
        }
        throw last;
    }

    /** Deletes the jumps to a chain this test's plugins created, then the chain. */
    private static void dropChain(String[] c) throws Exception {
        for (int i = 2; i < c.length; i++) {
            for (String rule : out("iptables", "-w", "-t", c[0], "-S", c[i]).split("\n")) {
                if (rule.startsWith("-A " + c[i] + " ") && rule.contains("-j " + c[1])) {
                    List<String> del = new ArrayList<>(List.of("iptables", "-w", "-t", c[0], "-D", c[i]));
                    del.addAll(splitRule(rule.substring(("-A " + c[i] + " ").length())));
                    sh(del.toArray(String[]::new));
                }
            }
        }
        sh("iptables", "-w", "-t", c[0], "-F", c[1]);
        sh("iptables", "-w", "-t", c[0], "-X", c[1]);
    }

    /** iptables -S quotes comments; split on spaces outside quotes, dropping the quotes. */
    private static List<String> splitRule(String rule) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (char ch : rule.toCharArray()) {
            if (ch == '"') {
                quoted = !quoted;
            } else if (ch == ' ' && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(ch);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted((a, b) -> b.compareTo(a)).toList()) {
                Files.deleteIfExists(x);
            }
        }
    }

    private static int sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        return p.waitFor();
    }

    private static String out(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String s = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor();
        return s;
    }
}
