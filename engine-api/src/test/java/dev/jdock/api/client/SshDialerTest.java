package dev.jdock.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshDialerTest {
    @TempDir
    Path dir;

    @Test
    void command_isDockersSshLine() {
        SshDialer d = new SshDialer(DockerHost.parse("ssh://me@box:2222"), List.of("jdock", "system", "dial-stdio"));
        assertEquals(List.of("ssh", "-o", "ConnectTimeout=30", "-T", "-l", "me", "-p", "2222", "--", "box", "jdock",
                "system", "dial-stdio"), d.command());
        assertEquals(List.of("ssh", "-o", "ConnectTimeout=30", "-T", "--", "box", "x"),
                new SshDialer(DockerHost.parse("ssh://box"), List.of("x")).command());
    }

    /** A stand-in ssh that answers one HTTP request: the request goes to its stdin, the answer comes from stdout. */
    @Test
    void httpOverTheProcessStdio_andHalfCloseEndsItsInput() throws Exception {
        Path fake = dir.resolve("fake-ssh");
        Files.writeString(fake, "#!/bin/sh\n"
                + "body=$(cat)\n" // reads until the client half-closes
                + "printf 'HTTP/1.1 200 OK\\r\\nContent-Length: %s\\r\\n\\r\\n%s' \"${#body}\" \"$body\"\n");
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        SshDialer d = new SshDialer(DockerHost.parse("ssh://box"), List.of("x"), fake.toString());
        try (Connection c = d.dial()) {
            c.output().write("GET /_ping".getBytes(StandardCharsets.UTF_8));
            c.closeWrite();
            String answer = new String(c.input().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.endsWith("\r\n\r\nGET /_ping"), answer);
        }
    }
}
