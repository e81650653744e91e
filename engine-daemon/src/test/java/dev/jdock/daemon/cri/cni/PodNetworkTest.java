package dev.jdock.daemon.cri.cni;

import static dev.jdock.daemon.cri.cni.FakeProcessExec.fail;
import static dev.jdock.daemon.cri.cni.FakeProcessExec.ok;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.daemon.cri.cni.FakeProcessExec.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link PodNetwork} against a fake {@link ProcessExec} that plays the plugins: what each plugin is given (env,
 * stdin with name, cniVersion, prevResult and runtimeConfig), in which order, what is cached, and how failures map.
 */
class PodNetworkTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    private static final String LIST = """
            {"cniVersion": "1.0.0", "name": "testnet", "plugins": [
              {"type": "bridge", "bridge": "br-t", "ipam": {"type": "host-local", "subnet": "10.90.0.0/16"}},
              {"type": "portmap", "capabilities": {"portMappings": true, "bandwidth": false}},
              {"type": "firewall"}]}""";
    private static final RuntimeConfig PORTS = new RuntimeConfig(
            List.of(new RuntimeConfig.PortMapping(8080, 80, "tcp", "")),
            new RuntimeConfig.Bandwidth(1000, 2000, 3000, 4000), null);

    @TempDir
    Path tmp;
    private Path confDir;
    private Path bin;
    private Path cacheDir;
    private Path netns;
    private final Set<String> failing = new HashSet<>();
    private FakeProcessExec exec;
    private PodNetwork network;

    @BeforeEach
    void setUp() throws IOException {
        confDir = Files.createDirectories(tmp.resolve("net.d"));
        bin = Files.createDirectories(tmp.resolve("bin"));
        cacheDir = tmp.resolve("results");
        netns = Files.createFile(tmp.resolve("netns"));
        for (String p : List.of("bridge", "portmap", "firewall", "loopback")) {
            Files.createFile(bin.resolve(p), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rwxr-xr-x")));
        }
        Files.writeString(confDir.resolve("10-test.conflist"), LIST);
        exec = new FakeProcessExec(this::plugin);
        network = new PodNetwork(new CniConfigs(confDir), new PluginPath(List.of(tmp.resolve("none"), bin)), exec,
                new ResultCache(cacheDir), Duration.ofSeconds(7));
    }

    /** The plugins: bridge makes eth0; portmap adds a DNS server to what it got, so the chain shows. */
    private ProcessExec.Output plugin(Run r) {
        if (failing.contains(r.command() + " " + r.program())) {
            return fail(1, "{\"cniVersion\":\"1.0.0\",\"code\":11,\"msg\":\"busy\",\"details\":\"try later\"}",
                    "log line");
        }
        if (!r.command().equals("ADD")) {
            return ok("");
        }
        return switch (r.program()) {
            case "loopback" -> ok("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"lo\",\"mac\":"
                    + "\"00:00:00:00:00:00\",\"sandbox\":\"" + netns + "\"}],\"ips\":[{\"address\":\"127.0.0.1/8\","
                    + "\"interface\":0}]}");
            case "bridge" -> ok("{\"cniVersion\":\"1.0.0\",\"interfaces\":[{\"name\":\"br-t\","
                    + "\"mac\":\"aa:aa:aa:aa:aa:01\"},{\"name\":\"veth1\",\"mac\":\"aa:aa:aa:aa:aa:02\"},"
                    + "{\"name\":\"eth0\",\"mac\":"
                    + "\"aa:aa:aa:aa:aa:03\",\"sandbox\":\"" + netns + "\"}],\"ips\":[{\"address\":\"fd00::5/64\","
                    + "\"interface\":2},{\"address\":\"10.90.0.5/16\",\"gateway\":\"10.90.0.1\",\"interface\":2}],"
                    + "\"routes\":[{\"dst\":\"0.0.0.0/0\",\"gw\":\"10.90.0.1\"}]}");
            case "portmap" -> {
                ObjectNode prev = ((ObjectNode) r.stdin().get("prevResult")).deepCopy();
                prev.putObject("dns").putArray("nameservers").add("10.90.0.1");
                yield ok(prev.toString());
            }
            default -> ok(r.stdin().get("prevResult").toString());
        };
    }

    private PodAttachment pod() {
        return PodAttachment.pod(ID, netns, "default", "web", "uid-1");
    }

    @Test
    void setUp_runsLoopbackOnLo_thenThePluginsInOrder_withTheCniEnvironment() {
        network.setUp(pod(), PORTS);
        assertEquals(List.of("ADD loopback lo", "ADD bridge eth0", "ADD portmap eth0", "ADD firewall eth0"),
                exec.summaries());
        Run bridge = exec.runs.get(1);
        assertEquals(bin.resolve("bridge").toString(), bridge.argv().get(0), "found in the second directory");
        assertEquals(ID, bridge.env().get("CNI_CONTAINERID"));
        assertEquals(netns.toString(), bridge.env().get("CNI_NETNS"));
        assertEquals("IgnoreUnknown=1;K8S_POD_NAMESPACE=default;K8S_POD_NAME=web;K8S_POD_INFRA_CONTAINER_ID=" + ID
                + ";K8S_POD_UID=uid-1", bridge.env().get("CNI_ARGS"));
        assertEquals(tmp.resolve("none") + ":" + bin, bridge.env().get("CNI_PATH"));
        assertEquals(Duration.ofSeconds(7), bridge.timeout());
        assertEquals("lo", exec.runs.get(0).env().get("CNI_IFNAME"));
        assertEquals("cni-loopback", exec.runs.get(0).stdin().get("name").asText());
    }

    @Test
    void setUp_injectsNameVersionPrevResultAndOnlyDeclaredCapabilities() {
        network.setUp(pod(), PORTS);
        JsonNode bridge = exec.runs.get(1).stdin();
        assertEquals("testnet", bridge.get("name").asText());
        assertEquals("1.0.0", bridge.get("cniVersion").asText());
        assertEquals("br-t", bridge.get("bridge").asText(), "the plugin's own fields pass through");
        assertFalse(bridge.has("prevResult"), "the first plugin has no previous result");
        assertFalse(bridge.has("runtimeConfig"), "bridge declares no capability");
        JsonNode portmap = exec.runs.get(2).stdin();
        assertEquals("10.90.0.5/16", portmap.at("/prevResult/ips/1/address").asText());
        assertEquals("[{\"hostPort\":8080,\"containerPort\":80,\"protocol\":\"tcp\"}]",
                portmap.get("runtimeConfig").get("portMappings").toString());
        assertFalse(portmap.get("runtimeConfig").has("bandwidth"), "declared false: not passed");
        JsonNode firewall = exec.runs.get(3).stdin();
        assertEquals("10.90.0.1", firewall.at("/prevResult/dns/nameservers/0").asText(), "portmap's result, chained");
    }

    @Test
    void setUp_returnsTheTypedResult_andThePodIpsIpv4First() {
        PodNetwork.Attached a = network.setUp(pod(), PORTS);
        assertEquals("testnet", a.network());
        assertEquals(List.of("10.90.0.5", "fd00::5"), a.podIps());
        assertEquals("eth0", a.result().interfaces().get(2).name());
        assertEquals("10.90.0.1", a.result().ips().get(1).gateway());
        assertEquals(2, a.result().ips().get(1).interfaceIndex());
        assertEquals("0.0.0.0/0", a.result().routes().get(0).dst());
        assertEquals(List.of("10.90.0.1"), a.result().dns().nameservers(), "the last plugin's result");
    }

    @Test
    void setUp_cachesTheResultTheNetworkAndTheCapabilities_0600() throws IOException {
        network.setUp(pod(), PORTS);
        Path f = cacheDir.resolve("testnet-" + ID + "-eth0");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        JsonNode c = CniConfigs.JSON.readTree(f.toFile());
        assertEquals(ResultCache.KIND, c.get("kind").asText());
        assertEquals("br-t", c.at("/config/plugins/0/bridge").asText());
        assertEquals(8080, c.at("/runtimeConfig/portMappings/0/hostPort").asInt());
        assertEquals("10.90.0.1", c.at("/result/dns/nameservers/0").asText());
        assertEquals("K8S_POD_NAME", c.at("/cniArgs/2/0").asText());
    }

    @Test
    void tearDown_runsThePluginsInReverse_withTheCachedResultAndPorts_thenLoopback_andDropsTheCache()
            throws IOException {
        network.setUp(pod(), PORTS);
        Files.writeString(confDir.resolve("10-test.conflist"), LIST.replace("br-t", "br-changed"));
        exec.runs.clear();
        network.tearDown(pod(), RuntimeConfig.NONE);
        assertEquals(List.of("DEL firewall eth0", "DEL portmap eth0", "DEL bridge eth0", "DEL loopback lo"),
                exec.summaries());
        for (Run r : exec.runs.subList(0, 3)) {
            assertEquals("10.90.0.1", r.stdin().at("/prevResult/dns/nameservers/0").asText(), r.summary());
            assertEquals(netns.toString(), r.env().get("CNI_NETNS"));
        }
        assertEquals("br-t", exec.runs.get(2).stdin().get("bridge").asText(), "the network ADD ran, not today's");
        assertEquals(8080, exec.runs.get(1).stdin().at("/runtimeConfig/portMappings/0/hostPort").asInt(),
                "portmap's DEL gets the mappings ADD had");
        assertFalse(Files.exists(cacheDir.resolve("testnet-" + ID + "-eth0")));
    }

    @Test
    void tearDown_withoutCache_usesTheCurrentNetworkAndFallback_noPrevResult_andAnEmptyNetnsWhenItIsGone()
            throws IOException {
        Files.delete(netns);
        network.tearDown(pod(), PORTS);
        assertEquals(List.of("DEL firewall eth0", "DEL portmap eth0", "DEL bridge eth0", "DEL loopback lo"),
                exec.summaries());
        for (Run r : exec.runs) {
            assertFalse(r.stdin().has("prevResult"), r.summary());
            assertEquals("", r.env().get("CNI_NETNS"), "SPEC: DEL without a netns releases what it can");
        }
        assertEquals(80, exec.runs.get(1).stdin().at("/runtimeConfig/portMappings/0/containerPort").asInt());
    }

    @Test
    void tearDown_withAnUnreadableCacheEntry_dropsIt_andDeletesOnTheCurrentNetwork() throws IOException {
        network.setUp(pod(), PORTS);
        Path f = cacheDir.resolve("testnet-" + ID + "-eth0");
        Files.writeString(f, "{\"kind\":\"somethingElse\"}");
        exec.runs.clear();
        network.tearDown(pod(), PORTS);
        assertEquals(List.of("DEL firewall eth0", "DEL portmap eth0", "DEL bridge eth0", "DEL loopback lo"),
                exec.summaries());
        assertFalse(exec.runs.get(0).stdin().has("prevResult"));
        assertFalse(Files.exists(f));
    }

    @Test
    void tearDown_aFailingPluginStopsTheDel_andKeepsTheCacheForTheRetry() {
        network.setUp(pod(), PORTS);
        failing.add("DEL portmap");
        exec.runs.clear();
        CniException e = assertThrows(CniException.class, () -> network.tearDown(pod(), RuntimeConfig.NONE));
        assertEquals(List.of("DEL firewall eth0", "DEL portmap eth0"), exec.summaries());
        assertEquals(11, e.code());
        assertTrue(e.tryAgainLater());
        assertTrue(Files.exists(cacheDir.resolve("testnet-" + ID + "-eth0")));
        failing.clear();
        network.tearDown(pod(), RuntimeConfig.NONE);
        assertFalse(Files.exists(cacheDir.resolve("testnet-" + ID + "-eth0")));
    }

    @Test
    void pluginError_mapsCodeMsgAndDetails_andUndoesTheAdd() {
        failing.add("ADD portmap");
        CniException e = assertThrows(CniException.class, () -> network.setUp(pod(), PORTS));
        assertEquals(11, e.code());
        assertEquals("plugin type=\"portmap\" name=\"testnet\" failed (add): busy: try later", e.getMessage());
        assertEquals("try later", e.details());
        assertEquals(List.of("ADD loopback lo", "ADD bridge eth0", "ADD portmap eth0",
                "DEL firewall eth0", "DEL portmap eth0", "DEL bridge eth0", "DEL loopback lo"), exec.summaries());
        assertFalse(Files.exists(cacheDir.resolve("testnet-" + ID + "-eth0")), "nothing cached");
    }

    @Test
    void pluginFailure_withoutAnErrorResult_reportsItsStderr() {
        exec = new FakeProcessExec(r -> fail(2, "", "panic: oops"));
        network = new PodNetwork(new CniConfigs(confDir), new PluginPath(List.of(bin)), exec,
                new ResultCache(cacheDir), Duration.ofSeconds(1));
        CniException e = assertThrows(CniException.class, () -> network.setUp(pod(), PORTS));
        assertEquals(CniException.LOCAL, e.code());
        assertEquals("plugin type=\"loopback\" name=\"cni-loopback\" failed (add): netplugin failed with exit status 2:"
                + " panic: oops", e.getMessage());
    }

    @Test
    void addWithoutResult_orWithGarbage_isADecodingFailure() {
        exec = new FakeProcessExec(r -> r.program().equals("bridge") ? ok("not json") : ok("{}"));
        network = new PodNetwork(new CniConfigs(confDir), new PluginPath(List.of(bin)), exec,
                new ResultCache(cacheDir), Duration.ofSeconds(1));
        CniException e = assertThrows(CniException.class, () -> network.setUp(pod(), PORTS));
        assertEquals(CniException.DECODING_FAILURE, e.code());
        assertTrue(e.getMessage().startsWith("plugin type=\"bridge\" name=\"testnet\" failed (add): invalid result"),
                e.getMessage());
    }

    @Test
    void missingPluginBinary_namesThePath() throws IOException {
        Files.delete(bin.resolve("firewall"));
        CniException e = assertThrows(CniException.class, () -> network.setUp(pod(), PORTS));
        assertEquals("plugin type=\"firewall\" name=\"testnet\" failed (add): failed to find plugin \"firewall\" in"
                + " path [" + tmp.resolve("none") + ", " + bin + "]", e.getMessage());
    }

    @Test
    void noNetworkConfigured_isTheKubeletsNotInitialized() throws IOException {
        Files.delete(confDir.resolve("10-test.conflist"));
        CniException e = assertThrows(CniException.class, () -> network.setUp(pod(), PORTS));
        assertEquals("cni plugin not initialized: no network config found in " + confDir, e.getMessage());
        assertTrue(exec.runs.isEmpty());
    }

    @Test
    void check_runsThePluginsInOrder_withTheCachedResult() {
        network.setUp(pod(), PORTS);
        exec.runs.clear();
        network.check(pod());
        assertEquals(List.of("CHECK bridge eth0", "CHECK portmap eth0", "CHECK firewall eth0"), exec.summaries());
        assertEquals("10.90.0.1", exec.runs.get(0).stdin().at("/prevResult/dns/nameservers/0").asText());
    }

    @Test
    void check_needsACachedAdd_honoursDisableCheck_andRefuses031() throws IOException {
        assertThrows(CniException.class, () -> network.check(pod()));
        Files.writeString(confDir.resolve("10-test.conflist"), LIST.replace("\"name\": \"testnet\",",
                "\"name\": \"testnet\", \"disableCheck\": \"true\","));
        network.setUp(pod(), PORTS);
        exec.runs.clear();
        network.check(pod());
        assertTrue(exec.runs.isEmpty());
        network.tearDown(pod(), RuntimeConfig.NONE);
        Files.writeString(confDir.resolve("10-test.conflist"), LIST.replace("1.0.0", "0.3.1"));
        network.setUp(pod(), PORTS);
        CniException e = assertThrows(CniException.class, () -> network.check(pod()));
        assertEquals("configuration version \"0.3.1\" does not support the CHECK command", e.getMessage());
        exec.runs.clear();
        network.tearDown(pod(), RuntimeConfig.NONE);
        assertNull(exec.runs.get(0).stdin().get("prevResult"), "0.3.x: DEL gets no prevResult (libcni)");
    }

    @Test
    void attachment_refusesIdsAndNamesThatWouldEscapeFileNames() {
        assertThrows(CniException.class, () -> PodAttachment.pod("../x", netns, "ns", "n", "u"));
        assertThrows(CniException.class, () -> new PodAttachment(ID, netns, "eth0/x", "ns", "n", "u"));
        assertThrows(CniException.class, () -> new PodAttachment(ID, netns, "averyveryverylong0", "ns", "n", "u"));
        assertThrows(CniException.class, () -> PodAttachment.pod(ID, netns, "ns;K8S_POD_NAME=x", "n", "u"));
    }

    @Test
    void portMappingsFromCri_dropThoseWithoutAHostPort_andLowerTheProtocol() {
        var cri = List.of(
                dev.jdock.daemon.cri.v1.PortMapping.newBuilder().setContainerPort(80).setHostPort(8080)
                        .setProtocol(dev.jdock.daemon.cri.v1.Protocol.UDP).setHostIp("127.0.0.1").build(),
                dev.jdock.daemon.cri.v1.PortMapping.newBuilder().setContainerPort(81).build());
        assertEquals(List.of(new RuntimeConfig.PortMapping(8080, 80, "udp", "127.0.0.1")),
                RuntimeConfig.PortMapping.fromCri(cri));
    }
}
