package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.network.portmap.PublishedPort;
import dev.jdock.daemon.store.StateFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NetworkStoreTest {
    @TempDir
    Path dir;

    private static ContainerNet created() {
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        eps.put("n", new Endpoint("net1", "ep1", "", List.of("a"), "", "", "", ""));
        return new ContainerNet("c1", eps, List.of(), "");
    }

    private static ContainerNet running() {
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        eps.put("n", new Endpoint("net1", "ep1", "", List.of("a"), "10.1.0.2", "02:42:0a:01:00:02", "veth1", "eth0"));
        return new ContainerNet("c1", eps, List.of(new PublishedPort("tcp", "0.0.0.0", 8080, 80)), "");
    }

    private NetworkStore reloaded() {
        NetworkStore s = new NetworkStore(dir);
        s.load();
        return s;
    }

    @Test
    void startAndExit_leaveTheConfigurationFileAlone_theRunTimePartIsItsOwnFile() throws IOException {
        NetworkStore store = reloaded();
        store.putContainer(created());
        Path config = dir.resolve("containers/c1.json");
        byte[] before = Files.readAllBytes(config);
        Files.setLastModifiedTime(config, java.nio.file.attribute.FileTime.fromMillis(0));

        store.putContainer(running());
        assertTrue(Files.exists(dir.resolve("active/c1.json")));
        store.putContainer(created());
        assertFalse(Files.exists(dir.resolve("active/c1.json")), "no run-time file once nothing runs");
        assertEquals(0, Files.getLastModifiedTime(config).toMillis(), "the configuration was not written again");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(config)));
    }

    @Test
    void aReloadWhileRunning_seesTheAddressesAndPorts() {
        NetworkStore store = reloaded();
        store.putContainer(created());
        store.putContainer(running());
        assertEquals(running(), reloaded().container("c1").orElseThrow());
    }

    /** An IPv6 endpoint's address and its requested one survive a reload (a restart after kill -9). */
    @Test
    void aReloadWhileRunning_seesTheIpv6AddressesToo() throws IOException {
        NetworkStore store = reloaded();
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        eps.put("six", new Endpoint("net6", "ep6", "", List.of(), "", "", "", "").withRequestedIp6("fd00:1::99")
                .activated("10.6.0.2", "fd00:1::99", "02:42:0a:06:00:02", "veth6", "eth0"));
        ContainerNet c = new ContainerNet("c6", eps, List.of(), "");
        store.putContainer(c);
        assertEquals(c, reloaded().container("c6").orElseThrow());
        assertTrue(Files.readString(dir.resolve("active/c6.json")).contains("\"ip6\":\"fd00:1::99\""));
        store.putContainer(running()); // no IPv6: no ip6 field written
        assertFalse(Files.readString(dir.resolve("active/c1.json")).contains("ip6"));
    }

    @Test
    void aConfigurationChange_isWrittenWhileTheRunTimePartStays() {
        NetworkStore store = reloaded();
        store.putContainer(running());
        Map<String, Endpoint> eps = new LinkedHashMap<>(running().endpoints());
        eps.put("m", new Endpoint("net2", "ep2", "10.2.0.9", List.of(), "", "", "", ""));
        ContainerNet connected = running().withEndpoints(eps);
        store.putContainer(connected);
        assertEquals(connected, reloaded().container("c1").orElseThrow());
    }

    @Test
    void anEarlierFormatWithAddressesInTheConfiguration_loadsAndIsRewrittenWithout() throws IOException {
        Files.createDirectories(dir.resolve("containers"));
        Files.write(dir.resolve("containers/c1.json"), StateFormat.bytes(running()));
        NetworkStore store = reloaded();
        assertEquals(running(), store.container("c1").orElseThrow());

        store.putContainer(created()); // the exit
        assertEquals(created(), reloaded().container("c1").orElseThrow());
        assertFalse(new String(Files.readAllBytes(dir.resolve("containers/c1.json"))).contains("10.1.0.2"));
    }

    @Test
    void aRunTimeFileWithoutItsConfiguration_orUnreadable_isDropped() throws IOException {
        Files.createDirectories(dir.resolve("active"));
        Files.write(dir.resolve("active/c1.json"), StateFormat.bytes(RunningNet.of(running())));
        Files.write(dir.resolve("active/c2.json"), new byte[0]); // a power cut's empty file
        NetworkStore store = reloaded();
        assertTrue(store.containers().isEmpty());
        assertFalse(Files.exists(dir.resolve("active/c1.json")));
        assertFalse(Files.exists(dir.resolve("active/c2.json")));
    }

    @Test
    void aRunTimeFileOfAnotherEndpoint_isNotApplied() throws IOException {
        NetworkStore store = reloaded();
        store.putContainer(running());
        Map<String, Endpoint> eps = new LinkedHashMap<>();
        eps.put("n", new Endpoint("net1", "ep-new", "", List.of("a"), "", "", "", ""));
        Files.write(dir.resolve("containers/c1.json"), StateFormat.bytes(new ContainerNet("c1", eps, List.of(), "")));
        assertFalse(reloaded().container("c1").orElseThrow().endpoints().get("n").isActive());
    }

    @Test
    void removal_deletesBothFiles() {
        NetworkStore store = reloaded();
        store.putContainer(running());
        store.removeContainer("c1");
        assertFalse(Files.exists(dir.resolve("active/c1.json")));
        assertFalse(Files.exists(dir.resolve("containers/c1.json")));
        assertTrue(reloaded().container("c1").isEmpty());
    }
}
