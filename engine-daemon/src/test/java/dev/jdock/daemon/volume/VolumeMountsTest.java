package dev.jdock.daemon.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class VolumeMountsTest {
    /** A relative Config.Volumes destination is mounted below the root, as runc mounts what dockerd passes it. */
    @Test
    void inRoot_relativeDestination_isBelowTheRoot() {
        assertEquals("/data", VolumeMounts.inRoot("/data"));
        assertEquals("/rel", VolumeMounts.inRoot("rel"));
        assertEquals("/[/v2,", VolumeMounts.inRoot("[/v2,"));
        assertEquals("/x", VolumeMounts.inRoot("../x"));
    }
}
