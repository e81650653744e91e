package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.cli.command.image.ImageCommands;
import org.junit.jupiter.api.Test;

/** save/load --platform as docker 28.2.2 sent it (the platform query, recorded on the wire) and its error. */
class PlatformJsonTest {
    @Test
    void ociPlatformJson() {
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"linux\"}", PlatformFlag.ociJson("linux/amd64"));
        assertEquals("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}",
                PlatformFlag.ociJson("linux/arm64/v8"));
        assertEquals("{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}",
                PlatformFlag.ociJson("linux/arm/7"));
        assertEquals("{\"architecture\":\"amd64\",\"os\":\"windows\"}", PlatformFlag.ociJson("windows/amd64"));
        CliException e = assertThrows(CliException.class, () -> PlatformFlag.ociJson("bad/x/y/z"));
        assertEquals("invalid platform: \"bad/x/y/z\": cannot parse platform specifier: invalid argument",
                e.getMessage());
        assertEquals(1, e.exitCode());
    }

    @Test
    void saveAndLoadTakeIt() {
        Args.parse(ImageCommands.SAVE, new String[] {"--platform", "linux/amd64", "busybox"}, 0);
        Args.parse(ImageCommands.LOAD, new String[] {"--platform", "linux/amd64"}, 0);
    }
}
