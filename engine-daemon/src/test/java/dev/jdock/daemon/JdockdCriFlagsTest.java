package dev.jdock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.daemon.config.DaemonConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Where jdockd serves the CRI: the flags win over daemon.json, the default is in the exec root. */
class JdockdCriFlagsTest {
    @TempDir
    Path dir;

    /** jdockd with {@code args} parsed, and daemon.json holding {@code json}. */
    private record Parsed(Jdockd jdockd, DaemonConfig.FileConfig file) {
    }

    private Parsed parse(String json, String... args) throws Exception {
        Path file = dir.resolve("daemon.json");
        Files.writeString(file, json);
        Jdockd j = new Jdockd();
        new CommandLine(j).parseArgs(args);
        return new Parsed(j, DaemonConfig.FileConfig.read(file));
    }

    private String endpoint(String json, String... args) throws Exception {
        Parsed p = parse(json, args);
        return p.jdockd().criSocket(p.file(), Path.of("/run/jdock-x"));
    }

    @Test
    void onByDefault_inTheExecRoot() throws Exception {
        assertEquals("unix:///run/jdock-x/cri.sock", endpoint("{}"));
        assertEquals("unix:///run/jdock/cri.sock", DaemonConfig.defaultCriSocket(Path.of("/run/jdock")));
    }

    @Test
    void theSocket_fromTheFlag_elseDaemonJson() throws Exception {
        assertEquals("unix:///run/k.sock", endpoint("{\"cri-socket\": \"unix:///run/k.sock\"}"));
        assertEquals("unix:///run/f.sock", endpoint("{\"cri-socket\": \"unix:///run/k.sock\"}",
                "--cri-socket", "unix:///run/f.sock"));
    }

    @Test
    void off_withCriFalse_orDaemonJson_theFlagWinning() throws Exception {
        assertNull(endpoint("{}", "--cri=false"));
        assertNull(endpoint("{\"cri\": false, \"cri-socket\": \"unix:///run/k.sock\"}"));
        assertEquals("unix:///run/jdock-x/cri.sock", endpoint("{\"cri\": false}", "--cri"));
        assertNull(endpoint("{}", "--cri=false", "--cri-socket", "unix:///run/f.sock"));
    }

    @Test
    void onlyAUnixSocketIsAnEndpoint() {
        assertEquals(Path.of("/run/k.sock"), dev.jdock.daemon.cri.CriModule.socketPath("unix:///run/k.sock"));
        assertEquals(Path.of("/run/k.sock"), dev.jdock.daemon.cri.CriModule.socketPath("/run/k.sock"));
        for (String bad : new String[] {"tcp://0.0.0.0:10010", "unix://", "relative.sock", "unix://host/x"}) {
            org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                    () -> dev.jdock.daemon.cri.CriModule.socketPath(bad), bad);
        }
    }

    private DaemonConfig.CniDirs cni(String json, String... args) throws Exception {
        Parsed p = parse(json, args);
        return p.jdockd().cniDirs(p.file());
    }

    @Test
    void cniDirs_defaultFromDaemonJsonOrTheFlag_theFlagWinning() throws Exception {
        assertEquals(new DaemonConfig.CniDirs(Path.of("/etc/cni/net.d"),
                java.util.List.of(Path.of("/opt/cni/bin"), Path.of("/usr/lib/cni"))), cni("{}"));
        String json = "{\"cni-conf-dir\": \"/srv/net.d\", \"cni-bin-dir\": \"/srv/cni\"}";
        assertEquals(new DaemonConfig.CniDirs(Path.of("/srv/net.d"), java.util.List.of(Path.of("/srv/cni"))),
                cni(json));
        assertEquals(new DaemonConfig.CniDirs(Path.of("/x/net.d"), java.util.List.of(Path.of("/srv/cni"))),
                cni(json, "--cni-conf-dir", "/x/net.d/"));
        assertEquals(java.util.List.of(Path.of("/y")), cni("{}", "--cni-bin-dir", "/y").binDirs());
    }

    @Test
    void cniDirs_mustBeAbsolute() {
        for (String[] args : new String[][] {{"--cni-conf-dir", "net.d"}, {"--cni-bin-dir", ""},
                {"--cni-bin-dir", "./bin"}}) {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> cni("{}", args));
            assertEquals("invalid " + args[0] + " \"" + args[1] + "\": not an absolute path", e.getMessage());
        }
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> cni("{\"cni-conf-dir\": \"rel\"}"));
    }

    private DaemonConfig.CriStream stream(String json, String... args) throws Exception {
        Parsed p = parse(json, args);
        return p.jdockd().criStream(p.file());
    }

    @Test
    void streamingServer_loopbackByDefault_theFlagWinningOverDaemonJson() throws Exception {
        assertEquals(DaemonConfig.CriStream.DEFAULT, stream("{}"));
        assertEquals(new java.net.InetSocketAddress("127.0.0.1", 0), stream("{}").socketAddress());
        String json = "{\"cri-stream-address\": \"10.0.0.5:10010\", \"cri-stream-tlscert\": \"/etc/s/cert.pem\","
                + " \"cri-stream-tlskey\": \"/etc/s/key.pem\"}";
        DaemonConfig.CriStream file = stream(json);
        assertEquals(new java.net.InetSocketAddress("10.0.0.5", 10010), file.socketAddress());
        assertEquals(Path.of("/etc/s/cert.pem"), file.tlsCert());
        assertEquals(Path.of("/etc/s/key.pem"), file.tlsKey());
        DaemonConfig.CriStream flag = stream(json, "--cri-stream-address", "[::1]:7", "--cri-stream-tlscert",
                "/x/c.pem");
        assertEquals(new java.net.InetSocketAddress("::1", 7), flag.socketAddress());
        assertEquals(Path.of("/x/c.pem"), flag.tlsCert());
        assertEquals(Path.of("/etc/s/key.pem"), flag.tlsKey());
    }

    @Test
    void streamingServer_addressesAndKeyPairs_refusedWithTheReason() {
        java.util.Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("localhost:80", "not an IP address");
        bad.put("0.0.0.0:80", "not the wildcard");
        bad.put("[::]:80", "not the wildcard");
        bad.put("::", "not the wildcard");
        bad.put("127.0.0.1:", "invalid port");
        bad.put("127.0.0.1:65536", "invalid port");
        bad.put("127.0.0.1:-1", "invalid port");
        bad.put("[::1]80", "expected [IPv6]:port");
        bad.put("1.2.3", "not an IP address");
        bad.put("", "not an IP address");
        bad.forEach((address, why) -> {
            IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(
                    IllegalArgumentException.class, () -> stream("{}", "--cri-stream-address=" + address), address);
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().startsWith("invalid --cri-stream-address \"")
                    && e.getMessage().contains(why), address + ": " + e.getMessage());
        });
        assertEquals(new java.net.InetSocketAddress("::1", 0), DaemonConfig.CriStream.parseAddress("::1"));
        assertEquals(new java.net.InetSocketAddress("192.168.1.2", 0),
                DaemonConfig.CriStream.parseAddress("192.168.1.2"));
        IllegalArgumentException half = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> stream("{\"cri-stream-tlskey\": \"/k.pem\"}"));
        assertEquals("--cri-stream-tlscert and --cri-stream-tlskey go together: no certificate given",
                half.getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> stream("{}", "--cri-stream-tlscert", "c.pem", "--cri-stream-tlskey", "/k.pem"));
    }
}
