package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When RuntimeHandlerFeatures.user_namespaces is advertised: Linux 6.8+, roots on file systems with idmapped mounts. */
class UsernsSupportTest {
    @Test
    void kernel_6_8_isTheFloor() {
        assertTrue(UsernsSupport.kernelAtLeast("6.8.0-1-amd64", 6, 8));
        assertTrue(UsernsSupport.kernelAtLeast("6.18.44-fc-v1300", 6, 8));
        assertFalse(UsernsSupport.kernelAtLeast("6.1.0-13-amd64", 6, 8));
        assertFalse(UsernsSupport.kernelAtLeast("5.19.0", 6, 8));
        assertFalse(UsernsSupport.kernelAtLeast("unknown", 6, 8));
    }

    @Test
    void localFilesystemsWithIdmappedMounts_only() {
        assertTrue(UsernsSupport.idmapFilesystem(0xEF53L)); // ext4
        assertTrue(UsernsSupport.idmapFilesystem(0x01021994L)); // tmpfs
        assertTrue(UsernsSupport.idmapFilesystem(0x58465342L)); // xfs
        assertFalse(UsernsSupport.idmapFilesystem(0x794c7630L)); // overlayfs
        assertFalse(UsernsSupport.idmapFilesystem(0x6969L)); // nfs
    }
}
