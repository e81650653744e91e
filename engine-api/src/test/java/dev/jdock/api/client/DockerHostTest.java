package dev.jdock.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DockerHostTest {
    @Test
    void tcpWithoutPort_is2375_or2376WithTls() {
        assertEquals("tcp://10.0.0.1:2375", DockerHost.parse("tcp://10.0.0.1").toString());
        assertEquals("tcp://10.0.0.1:2376", DockerHost.parse("tcp://10.0.0.1", true).toString());
        assertEquals("tcp://10.0.0.1:23760", DockerHost.parse("tcp://10.0.0.1:23760", true).toString());
        assertEquals("tcp://h:2375", DockerHost.parse("http://h").toString());
    }

    @Test
    void https_isTcpThatWantsTls() {
        DockerHost h = DockerHost.parse("https://example.com");
        assertEquals("https", h.scheme());
        assertTrue(h.isTcp());
        assertEquals(2376, h.tcpPort());
        assertEquals("https://example.com:2376", h.toString());
    }

    @Test
    void ssh_keepsUserAndPort_andRefusesPathsAndPasswords() {
        DockerHost h = DockerHost.parse("ssh://me@box.example:2222");
        assertEquals("ssh", h.scheme());
        assertEquals("me", h.sshUser());
        assertEquals("box.example", h.tcpHost());
        assertEquals(2222, h.tcpPort());
        assertEquals("ssh://me@box.example:2222", h.toString());
        DockerHost bare = DockerHost.parse("ssh://box");
        assertNull(bare.sshUser());
        assertEquals(0, bare.tcpPort());
        assertEquals("ssh://box", bare.toString());
        assertFalse(bare.isTcp());
        assertThrows(IllegalArgumentException.class, () -> DockerHost.parse("ssh://box/var/run/x.sock"));
        assertThrows(IllegalArgumentException.class, () -> DockerHost.parse("ssh://me:pw@box"));
        assertThrows(IllegalArgumentException.class, () -> DockerHost.parse("ssh://"));
    }

    @Test
    void unixAndBarePaths_areUnchanged() {
        assertEquals(DockerHost.unix(Path.of("/run/x.sock")), DockerHost.parse("unix:///run/x.sock"));
        assertEquals(DockerHost.unix(Path.of("/run/x.sock")), DockerHost.parse("/run/x.sock"));
        assertEquals("unix:///run/jdock.sock", DockerHost.parse(null).toString());
        assertThrows(IllegalArgumentException.class, () -> DockerHost.parse("npipe:////./pipe/docker_engine"));
    }

    @Test
    void plainDialer_ofAnHttpsOrSshHost_refusesToDialWithoutItsTransport() {
        assertThrows(java.io.IOException.class, () -> DockerHost.parse("https://h").plainDialer().dial());
        assertThrows(java.io.IOException.class, () -> DockerHost.parse("ssh://h").plainDialer().dial());
    }
}
