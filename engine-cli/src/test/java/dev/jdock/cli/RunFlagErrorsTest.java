package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import dev.jdock.cli.core.Cli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client-side errors of run/create's block I/O, device, GPU, logging, storage, namespace, network, pull and
 * label-file flags: text and status as docker 28.2.2 printed them for the same arguments (checked against jdockd;
 * these never reach a daemon, so the socket here does not exist).
 */
class RunFlagErrorsTest {
    private static final String USAGE = "\n\nUsage:  jdock create [OPTIONS] IMAGE [COMMAND] [ARG...]\n\n"
            + "Run 'jdock create --help' for more information\n";
    private static final String HINT = "\n\nRun 'jdock create --help' for more information\n";

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Cli cli = new Cli(new EngineClient(DockerHost.parse("unix:///tmp/jdock-flagerr-nope.sock")),
            new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8), () -> 0L);

    /** {@code jdock create FLAG VALUE busybox true}: its stderr, after checking the status. */
    private String create(int status, String... flags) {
        err.reset();
        String[] args = new String[flags.length + 3];
        args[0] = "create";
        System.arraycopy(flags, 0, args, 1, flags.length);
        args[flags.length + 1] = "busybox";
        args[flags.length + 2] = "true";
        assertEquals(status, Jdock.dispatch(cli, args, 0, new ByteArrayInputStream(new byte[0])), String.join(" ",
                args) + ": " + err.toString(StandardCharsets.UTF_8));
        return err.toString(StandardCharsets.UTF_8);
    }

    private void flagError(String flag, String value, String reason) {
        assertEquals("invalid argument \"" + value + "\" for \"--" + flag + "\" flag: " + reason + USAGE,
                create(125, "--" + flag, value));
    }

    @Test
    void blkioWeights() {
        flagError("blkio-weight", "x", "strconv.ParseUint: parsing \"x\": invalid syntax");
        flagError("blkio-weight", "70000", "strconv.ParseUint: parsing \"70000\": value out of range");
        flagError("blkio-weight-device", "sda:200", "bad format for device path: sda:200");
        flagError("blkio-weight-device", "/dev/sda", "bad format: /dev/sda");
        flagError("blkio-weight-device", ":5", "bad format: :5");
        for (String v : new String[] {"/dev/sda:x", "/dev/sda:5", "/dev/sda:1:2", "/dev/sda:", "/dev/sda:-1",
            "/dev/sda:1.5", "/dev/sda:+3", "/dev/sda:1001"}) {
            flagError("blkio-weight-device", v, "invalid weight for device: " + v);
        }
    }

    @Test
    void deviceThrottles() {
        String bps = ". The correct format is <device-path>:<number>[<unit>]. Number must be a positive integer. "
                + "Unit is optional and can be kb, mb, or gb";
        String iops = ". The correct format is <device-path>:<number>. Number must be a positive integer";
        flagError("device-read-bps", "sda:1mb", "bad format for device path: sda:1mb");
        for (String v : new String[] {"/dev/sda:x", "/dev/sda:1:2", "/dev/sda:", "/dev/sda:-1"}) {
            flagError("device-read-bps", v, "invalid rate for device: " + v + bps);
        }
        flagError("device-write-iops", "/dev/sda", "bad format: /dev/sda");
        for (String v : new String[] {"/dev/sda:1k", "/dev/sda:1.5", "/dev/sda:+3", "/dev/sda:-1"}) {
            flagError("device-write-iops", v, "invalid rate for device: " + v + iops);
        }
    }

    @Test
    void numbersSizesRulesAndGpus() {
        flagError("cpu-rt-period", "x", "strconv.ParseInt: parsing \"x\": invalid syntax");
        flagError("kernel-memory", "x", "invalid size: 'x'");
        flagError("device-cgroup-rule", "x 1:3 rwm", "invalid device cgroup format 'x 1:3 rwm'");
        flagError("gpus", "foo=bar", "unexpected key 'foo' in 'foo=bar'");
        flagError("gpus", "count=x", "invalid count (x): value must be either \"all\" or an integer: invalid syntax");
        flagError("gpus", "all,count=2", "gpu request key 'count' can be specified only once");
    }

    @Test
    void valuesTheCliChecksAfterParsing() {
        assertEquals("jdock: invalid value: 101. Valid memory swappiness range is 0-100" + HINT,
                create(125, "--memory-swappiness", "101"));
        assertEquals("jdock: zz is not a valid mac address" + HINT, create(125, "--mac-address", "zz"));
        assertEquals("jdock: invalid logging opts for driver none" + HINT,
                create(125, "--log-driver", "none", "--log-opt", "a=b"));
        assertEquals("jdock: invalid storage option" + HINT, create(125, "--storage-opt", "size"));
        for (String mode : new String[] {"foo", "private", "host:x"}) {
            assertEquals("jdock: --userns: invalid USER mode" + HINT, create(125, "--userns", mode));
        }
        assertEquals("jdock: invalid pull option: 'sometimes': must be one of \"always\", \"missing\" or \"never\""
                + HINT, create(125, "--pull", "sometimes"));
    }

    @Test
    void labelFiles() throws IOException {
        assertEquals("jdock: open /nonexist: no such file or directory" + HINT, create(125, "--label-file",
                "/nonexist"));
        Path d = Files.createDirectory(dir.resolve("d"));
        assertEquals("jdock: invalid env file (" + d + "): read " + d + ": is a directory" + HINT,
                create(125, "--label-file", d.toString()));
        String[][] bad = {
            {"k1=v1\nbad key=1\n", "variable 'bad key' contains whitespaces"},
            {"\tk2 = v2\n", "variable 'k2 ' contains whitespaces"},
            {"k1=v1\n=v6\n", "no variable name on line '=v6'"},
        };
        for (String[] b : bad) {
            Path f = Files.writeString(dir.resolve("l" + b[0].length()), b[0]);
            assertEquals("jdock: invalid env file (" + f + "): " + b[1] + HINT, create(125, "--label-file",
                    f.toString()));
        }
        Path f = Files.write(dir.resolve("utf"), new byte[] {'k', '=', '1', '\n', (byte) 0xff, '\n'});
        assertEquals("jdock: invalid env file (" + f + "): invalid utf8 bytes at line 2: [255]" + HINT,
                create(125, "--label-file", f.toString()));
    }
}
