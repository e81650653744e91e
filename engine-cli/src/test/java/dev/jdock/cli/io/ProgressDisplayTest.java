package dev.jdock.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** A pull stream shown as the docker CLI's jsonmessage shows it. */
class ProgressDisplayTest {
    private static final String PULL = """
            {"status":"Pulling from library/busybox","id":"latest"}
            {"status":"Pulling fs layer","progressDetail":{},"id":"a1"}
            {"status":"Downloading","progressDetail":{"current":10,"total":100},"progress":"[=>   ] 10B/100B","id":"a1"}
            {"status":"Pull complete","progressDetail":{},"id":"a1"}
            {"aux":null,"status":"Digest: sha256:11"}
            {"aux":{"Tag":"latest","Digest":"sha256:11","Size":5}}
            {"stream":"text\\n"}
            {"errorDetail":{"message":"boom"}}
            {"status":"after"}
            """;

    private record Shown(String error, String out, ProgressDisplay display) {
    }

    private static Shown show(String stream, boolean terminal) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay d = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal);
        String error = d.display(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        return new Shown(error, bytes.toString(StandardCharsets.UTF_8), d);
    }

    @Test
    void notATerminal_eachStatusOncePerId_untilTheError() throws IOException {
        Shown s = show(PULL, false);
        assertEquals("boom", s.error());
        assertEquals("latest: Pulling from library/busybox\na1: Pulling fs layer\na1: Downloading\na1: Pull complete\n"
                + "Digest: sha256:11\ntext\n", s.out());
        assertEquals("sha256:11", s.display().aux().digest());
    }

    @Test
    void terminal_progressBarsUpdatedInPlace() throws IOException {
        assertEquals("latest: Pulling from library/busybox\na1: Pulling fs layer\n"
                + "\033[1A\r\033[2Ka1: Downloading [=>   ] 10B/100B\r\033[1B"
                + "\033[1A\r\033[2Ka1: Pull complete\r\033[1BDigest: sha256:11\ntext\n", show(PULL, true).out());
    }

    @Test
    void errorText_errorFirst_thenTheDetailsMessage_elseEmpty() throws IOException {
        assertEquals("e1", show("{\"error\":\"e1\",\"errorDetail\":{\"message\":\"e2\"}}", false).error());
        assertEquals("", show("{\"errorDetail\":{}}", false).error());
        assertNull(show("{\"status\":\"x\",\"id\":\"\"}", false).error());
    }
}
