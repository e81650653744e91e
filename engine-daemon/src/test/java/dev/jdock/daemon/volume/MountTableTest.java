package dev.jdock.daemon.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class MountTableTest {
    private static final List<String> MOUNTINFO = List.of(
            "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
            "30 22 0:25 / /run rw,nosuid,nodev shared:5 - tmpfs tmpfs rw",
            "41 22 0:40 / /srv/data rw,relatime master:7 - ext4 /dev/sdb1 rw",
            "42 22 0:41 / /srv/private\\040dir rw,relatime - tmpfs tmpfs rw",
            "43 42 0:42 / /srv/private\\040dir rw,relatime shared:9 - tmpfs tmpfs rw",
            "44 22 0:43 / /srv/both rw shared:10 master:3 - tmpfs tmpfs rw");

    @Test
    void holder_isTheLongestMountPointAbove_andTheTopOfAStack() {
        assertEquals(new MountTable.Holder("/", true, false), MountTable.holder(MOUNTINFO, "/home/x").orElseThrow());
        assertEquals(new MountTable.Holder("/run", true, false),
                MountTable.holder(MOUNTINFO, "/run/jdock/x").orElseThrow());
        assertEquals(new MountTable.Holder("/", true, false), MountTable.holder(MOUNTINFO, "/runx").orElseThrow(),
                "a prefix that is not a path component does not count");
        assertEquals(new MountTable.Holder("/srv/data", false, true),
                MountTable.holder(MOUNTINFO, "/srv/data").orElseThrow());
        assertEquals(new MountTable.Holder("/srv/private dir", true, false),
                MountTable.holder(MOUNTINFO, "/srv/private dir/a").orElseThrow(), "escaped names, stacked mounts");
        assertEquals(new MountTable.Holder("/srv/both", true, true),
                MountTable.holder(MOUNTINFO, "/srv/both").orElseThrow());
        assertTrue(MountTable.holder(List.of(), "/x").isEmpty());
    }
}
