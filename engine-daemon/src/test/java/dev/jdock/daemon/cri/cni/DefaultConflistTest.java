package dev.jdock.daemon.cri.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.daemon.network.Subnet;
import dev.jdock.daemon.network.SubnetPicker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The default single-node network, and when it is installed. */
class DefaultConflistTest {
    @TempDir
    Path dir;

    @Test
    void defaultNetwork_isBridgePortmapFirewall_onItsOwnBridgeAndSubnet() {
        NetworkConfigList n = NetworkConfigList.from(DefaultConflist.build(), true);
        assertEquals("jdock-net", n.name());
        assertEquals(List.of("bridge", "portmap", "firewall"), n.plugins().stream().map(p -> p.type()).toList());
        ObjectNode br = n.plugins().get(0).raw();
        assertEquals("jdock-cni0", br.get("bridge").asText());
        assertTrue(br.get("isGateway").asBoolean() && br.get("ipMasq").asBoolean()
                && br.get("hairpinMode").asBoolean());
        assertEquals("host-local", br.at("/ipam/type").asText());
        assertEquals("10.90.0.0/16", br.at("/ipam/ranges/0/0/subnet").asText());
        assertEquals("0.0.0.0/0", br.at("/ipam/routes/0/dst").asText());
        assertTrue(n.plugins().get(1).wants("portMappings"));
        assertTrue(n.hasCheck());
    }

    @Test
    void defaultSubnet_overlapsNoneOfJdockdsDockerPools_andBridgeIsNotJdock0() {
        Subnet cni = Subnet.parse(DefaultConflist.SUBNET);
        for (Subnet pool : SubnetPicker.pools()) {
            assertFalse(cni.overlaps(pool), pool.toString());
        }
        assertFalse(cni.overlaps(Subnet.parse("10.96.0.0/12")), "Kubernetes' default service range");
        assertTrue(DefaultConflist.BRIDGE.length() <= 15, "IFNAMSIZ");
        assertFalse(DefaultConflist.BRIDGE.equals("jdock0"));
    }

    @Test
    void installIfEmpty_writesOnlyIntoADirectoryWithoutConfig_worldReadable() throws IOException {
        CniConfigs configs = new CniConfigs(dir.resolve("net.d"));
        Path f = DefaultConflist.installIfEmpty(configs, DefaultConflist.build()).orElseThrow();
        assertEquals(dir.resolve("net.d/10-jdock-net.conflist"), f);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)));
        assertEquals("jdock-net", configs.load().network().orElseThrow().name());
        assertTrue(DefaultConflist.installIfEmpty(configs, DefaultConflist.build()).isEmpty(), "once");

        CniConfigs other = new CniConfigs(Files.createDirectories(dir.resolve("other")));
        Files.writeString(other.dir().resolve("99-broken.conf"), "{");
        assertTrue(DefaultConflist.installIfEmpty(other, DefaultConflist.build()).isEmpty(),
                "a broken file is the administrator's: not shadowed by a default");
        assertFalse(Files.exists(other.dir().resolve(DefaultConflist.FILE_NAME)));
    }

    @Test
    void installIfEmpty_makesMissingDirectories0755_andLeavesNoTempFile() throws IOException {
        CniConfigs configs = new CniConfigs(dir.resolve("etc/cni/net.d"));
        DefaultConflist.installIfEmpty(configs, DefaultConflist.build()).orElseThrow();
        for (Path d : java.util.List.of(dir.resolve("etc"), dir.resolve("etc/cni"), configs.dir())) {
            assertEquals("rwxr-xr-x", PosixFilePermissions.toString(Files.getPosixFilePermissions(d)), d.toString());
        }
        try (var s = Files.list(configs.dir())) {
            assertEquals(java.util.List.of(DefaultConflist.FILE_NAME),
                    s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void installIfEmpty_neverReplacesAFileOfItsName() throws IOException {
        CniConfigs configs = new CniConfigs(Files.createDirectories(dir.resolve("net.d")));
        // a name the directory scan does not count (no config extension) cannot hide the default's own file; a
        // file of the default's name appearing between the scan and the write is kept: the link fails
        Path mine = configs.dir().resolve(DefaultConflist.FILE_NAME);
        Files.writeString(mine, "{\"admin\": true}");
        assertTrue(DefaultConflist.installIfEmpty(configs, DefaultConflist.build()).isEmpty());
        assertEquals("{\"admin\": true}", Files.readString(mine));
    }
}
