package dev.jdock.daemon.cri.pod;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.cri.cni.RuntimeConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SandboxFilesTest {
    @TempDir
    Path tmp;
    private SandboxFiles files;

    @BeforeEach
    void hostFiles() throws Exception {
        Files.writeString(tmp.resolve("hosts"), "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost\n10.0.0.2 node\n");
        Files.writeString(tmp.resolve("resolv.conf"), "nameserver 192.0.2.53\nsearch example.org\n");
        files = new SandboxFiles(tmp.resolve("hosts"), tmp.resolve("resolv.conf"), () -> "node-1");
    }

    private static PodSandbox sandbox(String hostname, RuntimeConfig.Dns dns) {
        return new PodSandbox("a".repeat(64), new PodSandbox.Metadata("p", "u", "default", 0),
                PodSandbox.State.SANDBOX_NOTREADY, 1, Map.of(), Map.of(), "", hostname, "", "",
                new PodSandbox.Namespaces(null, null, null), "", List.of(), List.of(), 0, 0,
                new PodSandbox.Linux(Map.of(), dns, null, null, null, false, false));
    }

    private String read(Path dir, String name) throws Exception {
        Path f = dir.resolve(name);
        assertEquals("rw-r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(f)), name);
        return Files.readString(f);
    }

    @Test
    void dnsConfig_becomesSearchNameserversOptions_asContainerdWritesThem() throws Exception {
        Path dir = tmp.resolve("run/sandbox");
        files.write(dir, sandbox("web-0", new RuntimeConfig.Dns(List.of("10.96.0.10", "10.96.0.11"),
                List.of("default.svc.cluster.local", "svc.cluster.local"), List.of("ndots:5", "edns0"))));
        assertEquals("search default.svc.cluster.local svc.cluster.local\nnameserver 10.96.0.10\n"
                + "nameserver 10.96.0.11\noptions ndots:5 edns0\n", read(dir, SandboxFiles.RESOLV_CONF));
        assertEquals("web-0\n", read(dir, SandboxFiles.HOSTNAME));
        assertEquals(Files.readString(tmp.resolve("hosts")), read(dir, SandboxFiles.HOSTS), "the host's, copied");
    }

    @Test
    void withoutDnsConfig_orAnEmptyOne_theHostsResolvConfIsCopied_andWithoutHostnameTheHostsName() throws Exception {
        for (RuntimeConfig.Dns dns : java.util.Arrays.asList(null, new RuntimeConfig.Dns(List.of(), List.of(),
                List.of()))) {
            Path dir = Files.createTempDirectory(tmp, "s");
            files.write(dir, sandbox("", dns));
            assertEquals("nameserver 192.0.2.53\nsearch example.org\n", read(dir, SandboxFiles.RESOLV_CONF));
            assertEquals("node-1\n", read(dir, SandboxFiles.HOSTNAME));
        }
    }

    @Test
    void rewriting_replacesTheFiles() throws Exception {
        Path dir = tmp.resolve("s");
        files.write(dir, sandbox("a", null));
        files.write(dir, sandbox("b", new RuntimeConfig.Dns(List.of("1.1.1.1"), null, null)));
        assertEquals("b\n", read(dir, SandboxFiles.HOSTNAME));
        assertEquals("nameserver 1.1.1.1\n", read(dir, SandboxFiles.RESOLV_CONF));
        try (var s = Files.list(dir)) {
            assertEquals(3, s.count(), "no temp file left");
        }
    }
}
