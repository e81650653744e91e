package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** build's flags: docker's checks and messages, and the query the docker CLI sends for them. */
class BuildFlagsTest {
    private static BuildFlags flags(Map<String, String> env, String... args) {
        return new BuildFlags(Args.parse(BuildFlags.SPEC, args, 0), env);
    }

    private static String query(BuildFlags f) {
        String t = f.request("Dockerfile", null).target();
        return URLDecoder.decode(t.substring(t.indexOf('?') + 1), StandardCharsets.UTF_8);
    }

    private static CliException refused(String... args) {
        return assertThrows(CliException.class, () -> flags(Map.of(), args).validate());
    }

    /** docker 28's build --compress: the context gzipped (docker 28.2.2 accepts it; jdock refused the flag). */
    @Test
    void compress_gzipsTheContext() throws Exception {
        org.junit.jupiter.api.Assertions.assertTrue(flags(Map.of(), "--compress", ".").compress());
        byte[] tar = "a tar, say".repeat(1000).getBytes(StandardCharsets.UTF_8);
        byte[] sent = BuildCommand.gzip(new java.io.ByteArrayInputStream(tar)).readAllBytes();
        assertEquals(0x1f, sent[0] & 0xff);
        assertEquals(new String(tar, StandardCharsets.UTF_8), new String(new java.util.zip.GZIPInputStream(
                new java.io.ByteArrayInputStream(sent)).readAllBytes(), StandardCharsets.UTF_8));
    }

    /** docker 28.2.2's legacy build sent --security-opt as repeated securityopt (recorded on the wire). */
    @Test
    void securityOpt_repeatedInTheQuery() {
        assertEquals("dockerfile=Dockerfile&securityopt=seccomp=unconfined&securityopt=label=disable&version=1",
                query(flags(Map.of(), "--security-opt", "seccomp=unconfined", "--security-opt", "label=disable",
                        ".")));
    }

    @Test
    void query_isTheDockerClis_sortedWithBooleansOnlyWhenSet() {
        BuildFlags f = flags(Map.of("FOO", "from-env"), "-t", "x", "-t", "y:2", "--build-arg", "FOO",
                "--build-arg", "UNSET", "--build-arg", "BAR=1", "--label", "l=1", "--add-host", "h=1.2.3.4",
                "-m", "64m", "--ulimit", "nofile=10:20", "--shm-size", "1m", "--no-cache", "--pull", "-q",
                "--force-rm", "--rm=false", "--network", "host", "--target", "t1", "--cache-from", "a,b",
                "--squash", ".");
        assertEquals("buildargs={\"BAR\":\"1\",\"FOO\":\"from-env\",\"UNSET\":null}&cachefrom=[\"a\",\"b\"]"
                + "&dockerfile=Dockerfile&extrahosts=h:1.2.3.4&forcerm=1&labels={\"l\":\"1\"}&memory=67108864"
                + "&networkmode=host&nocache=1&pull=1&q=1&rm=0&shmsize=1048576&squash=1&t=x&t=y:2&target=t1"
                + "&ulimits=[{\"Name\":\"nofile\",\"Hard\":20,\"Soft\":10}]&version=1", query(f));
        assertEquals("dockerfile=Dockerfile&version=1", query(flags(Map.of(), ".")),
                "defaults: rm and the default network are not sent");
        assertEquals("dockerfile=&remote=https://x/y.tar&version=1", URLDecoder.decode(flags(Map.of(), ".")
                .request("", "https://x/y.tar").target().replaceFirst(".*\\?", ""), StandardCharsets.UTF_8));
    }

    @Test
    void badValues_areDockersFlagErrors() {
        assertEquals("invalid argument \"Bad:x\" for \"-t, --tag\" flag: invalid reference format: repository "
                + "name (library/Bad) must be lowercase", refused("-t", "Bad:x", ".").getMessage().split("\n")[0]);
        assertEquals("invalid argument \"=x\" for \"--build-arg\" flag: invalid environment variable: =x",
                refused("--build-arg", "=x", ".").getMessage().split("\n")[0]);
        assertEquals("invalid argument \"=x\" for \"--label\" flag: invalid label '=x': empty name",
                refused("--label", "=x", ".").getMessage().split("\n")[0]);
        assertEquals("invalid argument \"foo\" for \"--add-host\" flag: bad format for add-host: \"foo\"",
                refused("--add-host", "foo", ".").getMessage().split("\n")[0]);
        assertEquals("invalid argument \"bogus=1\" for \"--ulimit\" flag: invalid ulimit type: bogus",
                refused("--ulimit", "bogus=1", ".").getMessage().split("\n")[0]);
        CliException e = refused("-m", "1x", ".");
        assertEquals("invalid argument \"1x\" for \"-m, --memory\" flag: invalid suffix: 'x'", e.detail());
        assertEquals(CliException.Kind.FLAG, e.kind());
        assertEquals(125, e.exitCode());
        assertEquals(125, refused("--progress", "fancy", ".").exitCode());
    }

    @Test
    void progressModes() {
        assertEquals(BuildFlags.Progress.AUTO, flags(Map.of(), ".").progress());
        assertEquals(BuildFlags.Progress.PLAIN, flags(Map.of(), "--progress=plain", ".").progress());
        assertEquals(BuildFlags.Progress.TTY, flags(Map.of(), "--progress", "tty", ".").progress());
    }
}
