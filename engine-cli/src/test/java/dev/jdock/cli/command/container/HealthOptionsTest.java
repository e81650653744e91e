package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.HealthConfig;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.CliException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** --health-* durations as docker 28.2.2 reads them (pflag's DurationVar: Go's time.ParseDuration) and its errors. */
class HealthOptionsTest {
    private static HealthConfig health(String... flags) {
        String[] argv = new String[flags.length + 1];
        System.arraycopy(flags, 0, argv, 0, flags.length);
        argv[flags.length] = "busybox";
        Args.Spec spec = RunOptions.spec("create");
        return HealthOptions.build(Args.parse(spec, argv, 0), spec);
    }

    /** Go's int is 64 bits: the docker CLI sends 3000000000 retries, a restart count and a stop timeout as given. */
    @Test
    void retriesRestartCountAndStopTimeout_areGoInts() {
        assertEquals(3_000_000_000L, health("--health-cmd", "true", "--health-retries", "3000000000").retries());
        assertEquals(new dev.jdock.api.types.container.RestartPolicy("on-failure", 3_000_000_000L),
                RunOptions.restartPolicy("on-failure:3000000000"));
    }

    @Test
    void durations_goForms() {
        HealthConfig h = health("--health-cmd", "true", "--health-interval", "1m30s", "--health-timeout", ".5s",
                "--health-start-period", "1.5h", "--health-start-interval", "300\u00b5s");
        assertEquals(List.of("CMD-SHELL", "true"), h.test());
        assertEquals(90_000_000_000L, h.interval());
        assertEquals(500_000_000L, h.timeout());
        assertEquals(5_400_000_000_000L, h.startPeriod());
        assertEquals(300_000L, h.startInterval());
    }

    /** Each line as docker 28.2.2 printed it for the same value (exit 125). */
    @Test
    void refusals_inDocker_sWords() {
        for (String[] c : new String[][] {
            {"5x", "time: unknown unit \"x\" in duration \"5x\""},
            {" 5s", "time: invalid duration \" 5s\""},
            {"1.2.3s", "time: missing unit in duration \"1.2.3s\""},
            {"5", "time: missing unit in duration \"5\""},
            {"1\"s", "time: unknown unit \"\\\"s\" in duration \"1\\\"s\""},
            {"5\u00b5", "time: unknown unit \"\\xc2\\xb5\" in duration \"5\\xc2\\xb5\""}}) {
            CliException e = assertThrows(CliException.class, () -> health("--health-interval", c[0]), c[0]);
            assertEquals("invalid argument " + Args.goQuote(c[0]) + " for \"--health-interval\" flag: " + c[1],
                    e.getMessage().split("\n")[0]);
            assertEquals(125, e.exitCode());
        }
        assertEquals("jdock: --health-timeout cannot be negative", assertThrows(CliException.class,
                () -> health("--health-cmd", "true", "--health-timeout", "-1s")).getMessage());
    }
}
