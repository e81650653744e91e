package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.Jdock;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** tag's target parsed before any request, as docker 28.2.2 does (recorded: its errors, exit 1). */
class TagTargetTest {
    @Test
    void badTargets_refusedByTheCli() {
        for (String t : new String[] {"a:b:c", "x@sha256:abc", "a//b"}) {
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Cli cli = new Cli(new EngineClient(DockerHost.parse("unix:///tmp/jdock-tag-nope.sock")),
                    new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L);
            assertEquals(1, Jdock.dispatch(cli, new String[] {"tag", "busybox", t}, 0,
                    new ByteArrayInputStream(new byte[0])), t);
            assertEquals("Error parsing reference: \"" + t + "\" is not a valid repository/tag: invalid reference "
                    + "format\n", err.toString(StandardCharsets.UTF_8));
        }
    }

    private static String refused(String source, String target) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Cli cli = new Cli(new EngineClient(DockerHost.parse("unix:///tmp/jdock-tag-nope.sock")),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L);
        assertEquals(1, Jdock.dispatch(cli, new String[] {"tag", source, target}, 0,
                new ByteArrayInputStream(new byte[0])), source + " " + target);
        return err.toString(StandardCharsets.UTF_8);
    }

    /** The docker client's ImageTag, as docker 28.2.2 printed it (recorded): the source first, then the target, whose
     * digest is refused; names quoted as Go's %q. */
    @Test
    void theSourceChecked_aDigestTargetRefused_namesQuotedAsGo() {
        assertEquals("Error parsing reference: \"a:b:c\" is not a valid repository/tag: invalid reference format\n",
                refused("a:b:c", "A"));
        assertEquals("Error parsing reference: \"\" is not a valid repository/tag: invalid reference format\n",
                refused("", "x"));
        assertEquals("refusing to create a tag with a digest reference\n", refused("a", "x@sha256:" + "0".repeat(64)));
        assertEquals("Error parsing reference: \"a\\\"b\" is not a valid repository/tag: invalid reference format\n",
                refused("x", "a\"b"));
    }

    /** docker's tag stops parsing flags at its first argument (SetInterspersed(false)): "-x" there is a name. */
    @Test
    void flagsStopAtTheFirstArgument() {
        assertEquals("Error parsing reference: \"-x\" is not a valid repository/tag: invalid reference format\n",
                refused("busybox", "-x"));
    }

    /** docker took UP/x (an upper-case first component is a registry host for ParseNormalizedNamed). */
    @Test
    void upperCaseHost_accepted() {
        dev.jdock.api.value.ImageReference.parseNamed("UP/x");
    }
}
