package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.cli.core.Args;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * {@code jdock CMD --help} and {@code jdock GROUP --help} against what docker 28.2.2 prints for the same command
 * (src/test/resources/help, recorded with {@code docker CMD --help </dev/null}, so wrapped at 79 columns): the Usage
 * line, and the Options block byte for byte wherever jdock takes exactly docker's options; jdock's aliases are among
 * docker's.
 */
class UsageGoldenTest {
    @Test
    void commandHelp_isDockers_whereTheOptionSetsCoincide() throws IOException {
        List<String> compared = new ArrayList<>();
        for (Command c : Command.values()) {
            String golden = golden(c.name().toLowerCase() + ".txt");
            Args.Spec spec = c.spec();
            if (golden == null || spec == null) {
                continue;
            }
            String before = c.word() != null ? null : c.group().word();
            String word = c.word() != null ? c.word() : c.subWords().get(0);
            String mine = Usage.command(spec, before, word);
            assertEquals(line(golden, "Usage:").replace("docker ", "jdock "), line(mine, "Usage:"), c.name());
            String aliases = line(golden, "  docker ");
            if (Usage.aliases(c) != null) {
                for (String alias : Usage.aliases(c).split(", ")) {
                    assertTrue(aliases != null && aliases.contains(alias.replace("jdock ", "docker ")),
                            c + ": " + alias + " not among docker's " + aliases);
                }
            }
            if (optionNames(golden).equals(optionNames(mine))) {
                assertEquals(section(golden, "Options:"), section(mine, "Options:"), c.name());
                compared.add(c.name());
            }
        }
        assertTrue(compared.size() >= 25, "options compared for " + compared);
        assertTrue(compared.containsAll(List.of("RUN", "CREATE", "START", "STOP", "RESTART")),
                "run, create, start, stop and restart take docker's options: " + compared);
    }

    @Test
    void groupHelp_isDockers_whereTheSubCommandsCoincide() throws IOException {
        String golden = golden("group-network.txt");
        assertNotNull(golden);
        assertEquals(golden.replace("docker ", "jdock "), Usage.group(Command.Group.NETWORK));
    }

    @Test
    void contextHelp_isDockersPageForPage() throws IOException {
        assertEquals(golden("group-context.txt"), Usage.group(Command.Group.CONTEXT).replace("jdock ", "docker "));
        for (Command c : Command.values()) {
            if (c.group() == Command.Group.CONTEXT) {
                String golden = golden(c.name().toLowerCase() + ".txt");
                assertNotNull(golden, c.name());
                assertEquals(golden, Usage.command(c.spec(), "context", c.subWords().get(0)).replace("jdock ",
                        "docker "), c.name());
            }
        }
    }

    @Test
    void runHelp_wrapsAsPflag() {
        String run = Usage.command(Command.RUN.spec(), "container", "run");
        String pad = " ".repeat(41);
        assertTrue(run.startsWith("Usage:  jdock container run [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
                + "Create and run a new container from an image\n\nAliases:\n  jdock container run, jdock run\n\n"
                + "Options:\n      --add-host list                    Add a custom host-to-IP mapping\n" + pad
                + "(host:ip)\n"), run);
        assertTrue(run.contains("\n      --cgroupns string                  Cgroup namespace to use\n" + pad
                + "(host|private)\n" + pad + "'host':    Run the container in\n"), run);
        assertTrue(run.contains("\n      --pull string                      Pull image before running\n" + pad
                + "(\"always\", \"missing\", \"never\")\n" + pad + "(default \"missing\")\n"), run);
    }

    private static String golden(String name) throws IOException {
        try (InputStream in = UsageGoldenTest.class.getResourceAsStream("/help/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String line(String text, String prefix) {
        for (String l : text.split("\n")) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        return null;
    }

    /** The lines after {@code title} up to the next blank line. */
    private static String section(String text, String title) {
        int at = text.indexOf("\n" + title + "\n");
        if (at < 0) {
            return "";
        }
        int end = text.indexOf("\n\n", at + title.length() + 2);
        return text.substring(at, end < 0 ? text.length() : end);
    }

    private static TreeSet<String> optionNames(String help) {
        TreeSet<String> out = new TreeSet<>();
        for (String l : section(help, "Options:").split("\n")) {
            String t = l.trim();
            int dd = t.indexOf("--");
            if ((l.startsWith("  -") || l.startsWith("      --")) && dd >= 0) {
                out.add(t.substring(dd).split(" ")[0]);
            }
        }
        return out;
    }
}
