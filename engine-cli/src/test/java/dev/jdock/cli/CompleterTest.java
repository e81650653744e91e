package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code jdock __complete}: candidates from the command table, the specs and live names (a fake here). */
class CompleterTest {
    private final Completer completer = new Completer(new Completer.Names() {
        @Override
        public List<String> containers(boolean runningOnly) {
            return runningOnly ? List.of("web") : List.of("web", "old");
        }

        @Override
        public List<String> images() {
            return List.of("busybox:latest", "nginx:alpine");
        }

        @Override
        public List<String> networks() {
            return List.of("bridge", "host", "none", "net1");
        }

        @Override
        public List<String> volumes() {
            return List.of("data", "cache");
        }

        @Override
        public List<String> contexts() {
            return List.of("default", "remote");
        }
    });

    private List<String> complete(String... words) throws IOException {
        return completer.complete(Arrays.asList(words));
    }

    @Test
    void commandWord_listsCommandsAndGroups() throws IOException {
        List<String> all = complete("");
        assertTrue(all.containsAll(List.of("run", "ps", "network", "volume", "system", "context")), all.toString());
        assertEquals(List.of("pause", "port", "ps", "pull", "push"), complete("p"));
        assertEquals(List.of("--config", "--context", "--debug", "--host", "--log-level", "--tls", "--tlscacert",
                "--tlscert", "--tlskey", "--tlsverify", "--version"), complete("--"));
    }

    @Test
    void groupWord_listsItsSubCommands_everyAlias() throws IOException {
        assertEquals(List.of("connect", "create", "disconnect", "inspect", "list", "ls", "prune", "remove", "rm"),
                complete("network", ""));
        assertEquals(List.of("list", "logs", "ls"), complete("container", "l"));
        assertEquals(List.of("bash", "fish", "zsh"), complete("completion", ""));
    }

    @Test
    void options_ofTheCommand() throws IOException {
        assertEquals(List.of("--all"), complete("ps", "--a"));
        assertEquals(List.of("--network", "--network-alias"), complete("container", "run", "-d", "--netw"));
        assertTrue(complete("stop", "-").contains("--help"));
    }

    @Test
    void optionValues_liveWhereTheyAreNames() throws IOException {
        assertEquals(List.of("bridge", "host", "none", "net1"), complete("run", "--network", ""));
        assertEquals(List.of("data"), complete("run", "-it", "--rm", "-v", "d"));
        assertEquals(List.of("always", "missing", "never"), complete("create", "--pull", ""));
        assertEquals(List.of("json-file", "local", "none"), complete("run", "--log-driver", ""));
        assertEquals(List.of("max-file=", "max-size="), complete("run", "--log-opt", "max"));
        assertEquals(List.of("linux/arm64", "linux/arm/v7"), complete("create", "--platform", "linux/arm"));
        assertEquals(List.of("--network", "--network-alias"), complete("run", "--net"), "hidden --net not offered");
        assertEquals(List.of("local"), complete("volume", "create", "--driver", ""));
        assertEquals(List.of("remote"), complete("-c", "r"));
        assertEquals(List.of("remote"), complete("--context", "default", "context", "use", "r"));
        assertEquals(List.of(), complete("run", "-e", ""));
    }

    @Test
    void positionals_liveNamesOfTheRightKind() throws IOException {
        assertEquals(List.of("busybox:latest"), complete("run", "-d", "--name", "x", "bu"));
        assertEquals(List.of(), complete("run", "busybox", ""), "after the image: the container's command");
        assertEquals(List.of("web"), complete("stop", ""));
        assertEquals(List.of("web", "old"), complete("-H", "unix:///x.sock", "rm", "-f", ""));
        assertEquals(List.of("data", "cache"), complete("volume", "rm", ""));
        assertEquals(List.of("none", "net1"), complete("network", "connect", "n"));
        assertEquals(List.of("web", "old"), complete("network", "connect", "net1", ""));
        assertEquals(List.of("web:", "old:"), complete("cp", ""));
        assertEquals(List.of("nginx:alpine"), complete("image", "inspect", "n"));
        assertEquals(List.of(), complete("bogus", ""));
    }

    @Test
    void daemonDown_yieldsStaticCandidates_andNoLiveNames_silently() {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix:///tmp/jdock-completer-nope.sock", "HOME", "/nonexistent");
        assertEquals("", Completion.candidates(List.of("rm", ""), env));
        assertEquals("--all\n", Completion.candidates(List.of("ps", "--al"), env));
    }
}
