package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.core.FlagValues;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --add-host and --dns as docker 28.2.2 sent them (recorded on the wire) and its errors. */
class HostFlagsTest {
    private static Args create(String... flags) {
        String[] argv = new String[flags.length + 1];
        System.arraycopy(flags, 0, argv, 0, flags.length);
        argv[flags.length] = "busybox";
        return Args.parse(RunOptions.spec("create"), argv, 0);
    }

    @Test
    void addHost_sentAsHostColonAddress() {
        assertEquals(List.of("b:::1", "c:::1", "d:10.0.0.1", "e:host-gateway", "f:1.2.3.4", "g:::ffff:1.2.3.4",
                "k:2001:db8:0:0::1"), RunOptions.extraHosts(RunOptions.spec("create"), create("--add-host", "b=::1",
                "--add-host", "c:[::1]", "--add-host", "d=[10.0.0.1]", "--add-host", "e=host-gateway", "--add-host",
                "f:1.2.3.4", "--add-host", "g=[::ffff:1.2.3.4]", "--add-host", "k:2001:db8:0:0::1")));
    }

    @Test
    void addHost_docker_sErrors() {
        assertEquals(List.of(
                "invalid argument \"h=\" for \"--add-host\" flag: invalid IP address in add-host: \"\"",
                "invalid argument \"i:1.2.3.4:5\" for \"--add-host\" flag: invalid IP address in add-host: "
                        + "\"1.2.3.4:5\"",
                "invalid argument \"j\" for \"--add-host\" flag: bad format for add-host: \"j\"",
                "invalid argument \":1.2.3.4\" for \"--add-host\" flag: bad format for add-host: \":1.2.3.4\"",
                "invalid argument \"h=web\" for \"--add-host\" flag: invalid IP address in add-host: \"web\""),
                List.of("h=", "i:1.2.3.4:5", "j", ":1.2.3.4", "h=web").stream().map(v -> assertThrows(
                        CliException.class, () -> RunOptions.extraHosts(RunOptions.spec("create"),
                                create("--add-host", v))).getMessage().split("\n")[0]).toList());
    }

    @Test
    void dns_sentInGo_sForm() {
        assertEquals(List.of("2001:db8::1", "8.8.8.8", "1.2.3.4"), NetworkFlags.dns(RunOptions.spec("create"),
                create("--dns", "2001:DB8:0::1", "--dns", " 8.8.8.8", "--dns", "::ffff:1.2.3.4")));
        assertEquals("invalid argument \"bad\" for \"--dns\" flag: IP address is not correctly formatted: bad",
                assertThrows(CliException.class, () -> NetworkFlags.dns(RunOptions.spec("create"),
                        create("--dns", "bad"))).getMessage().split("\n")[0]);
    }

    /** Go's net.ParseIP(s).String(). */
    @Test
    void goIpString() {
        assertEquals("::", FlagValues.goIpString("::"));
        assertEquals("::1", FlagValues.goIpString("0:0:0:0:0:0:0:1"));
        assertEquals("1::", FlagValues.goIpString("1:0:0:0:0:0:0:0"));
        assertEquals("1:0:2::3", FlagValues.goIpString("1:0:2:0:0:0:0:3"));
        assertEquals("1::2:0:0:3", FlagValues.goIpString("1:0:0:2:0:0:0:3".replace("1:0:0:2:0:0:0:3",
                "1:0:0:0:2:0:0:3")));
        assertEquals("1:2:3:4:5:6:0:8", FlagValues.goIpString("1:2:3:4:5:6:0:8"));
        assertEquals("::102:304", FlagValues.goIpString("::1.2.3.4"));
        assertEquals("fe80::1", FlagValues.goIpString("FE80:0000::0001"));
        for (String bad : new String[] {"01.2.3.4", "1.2.3", "256.1.1.1", "1:2:3:4:5:6:7:8:9", "1::2::3",
            "1:2:3:4:5:6:7::8", "fe80::1%eth0", "12345::", "localhost", "", ":1", "1.2.3.4 "}) {
            assertEquals(null, FlagValues.goIpString(bad), bad);
        }
    }

    /** docker 28.2.2 refuses an unknown ulimit type itself (go-units ParseUlimit), before the value. */
    @Test
    void ulimit_unknownType() {
        assertEquals("invalid argument \"foo=1\" for \"--ulimit\" flag: invalid ulimit type: foo",
                assertThrows(CliException.class, () -> FlagValues.ulimits(RunOptions.spec("create"),
                        List.of("foo=1"))).getMessage().split("\n")[0]);
        // go-units' other refusals, as docker 28.2.2 printed them
        for (String[] c : new String[][] {
            {"nofile=1:2:3", "too many limit value arguments - 1:2:3, can only have up to two, `soft[:hard]`"},
            {"nofile=2:1", "ulimit soft limit must be less than or equal to hard limit: 2 > 1"},
            {"=1", "invalid ulimit type: "},
            {"nofile=-1:5",
                "ulimit soft limit must be less than or equal to hard limit: soft: -1 (unlimited), hard: 5"},
            {"nofile=x:1", "strconv.ParseInt: parsing \"x\": invalid syntax"}}) {
            assertEquals("invalid argument \"" + c[0] + "\" for \"--ulimit\" flag: " + c[1],
                    assertThrows(CliException.class, () -> FlagValues.ulimits(RunOptions.spec("create"),
                            List.of(c[0]))).getMessage().split("\n")[0]);
        }
        assertEquals("[Ulimit[name=nofile, soft=5, hard=-1], Ulimit[name=core, soft=-1, hard=-1]]",
                String.valueOf(FlagValues.ulimits(RunOptions.spec("create"), List.of("nofile=5:-1", "core=-1"))));
    }

    /** docker 28.2.2's ValidateLink errors (recorded), before anything is sent. */
    @Test
    void link_docker_sErrors() {
        for (String[] c : new String[][] {{"a:b:c", "bad format for links: a:b:c"},
            {"", "empty string specified for links"}}) {
            CliException e = assertThrows(CliException.class, () -> RunOptions.build(create("--link", c[0]), false,
                    null, java.util.Map.of()));
            assertEquals("invalid argument \"" + c[0] + "\" for \"--link\" flag: " + c[1],
                    e.getMessage().split("\n")[0]);
        }
    }
}
