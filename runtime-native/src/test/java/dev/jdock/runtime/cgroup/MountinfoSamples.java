package dev.jdock.runtime.cgroup;

import java.nio.file.Path;

/** mountinfo texts of the three host layouts, with mount points under a given root. */
final class MountinfoSamples {
    private MountinfoSamples() {}

    /** This VM: v1 with separate cpu and cpuacct mounts, plus an empty cgroup2 at unified (hybrid). */
    static String hybridSeparateCpu(Path root) {
        return String.join("\n",
                "22 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "31 23 0:28 / " + root + " rw,relatime - tmpfs tmpfs rw,mode=755",
                "32 31 0:29 / " + root + "/cpu rw,relatime - cgroup cgroup rw,cpu",
                "33 31 0:30 / " + root + "/cpuacct rw,relatime - cgroup cgroup rw,cpuacct",
                "34 31 0:31 / " + root + "/cpuset rw,relatime - cgroup cgroup rw,cpuset",
                "35 31 0:32 / " + root + "/memory rw,relatime - cgroup cgroup rw,memory",
                "36 31 0:33 / " + root + "/devices rw,relatime - cgroup cgroup rw,devices",
                "37 31 0:34 / " + root + "/freezer rw,relatime - cgroup cgroup rw,freezer",
                "38 31 0:35 / " + root + "/blkio rw,relatime - cgroup cgroup rw,blkio",
                "39 31 0:36 / " + root + "/pids rw,relatime - cgroup cgroup rw,pids",
                "40 31 0:37 / " + root + "/systemd rw,relatime - cgroup cgroup rw,name=systemd",
                "41 31 0:38 / " + root + "/unified rw,relatime - cgroup2 cgroup2 rw",
                "");
    }

    /** A classic systemd v1 host: cpu,cpuacct co-mounted (with a symlinked name), optional fields present. */
    static String v1CoMounted(Path root) {
        return String.join("\n",
                "25 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw",
                "26 18 0:23 / " + root + " ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755",
                "28 26 0:25 / " + root + "/systemd rw,nosuid shared:10 - cgroup cgroup rw,xattr,name=systemd",
                "31 26 0:28 / " + root + "/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:13 - cgroup cgroup rw,cpu,cpuacct",
                "32 26 0:29 / " + root + "/memory rw,nosuid,nodev,noexec,relatime shared:14 - cgroup cgroup rw,memory",
                "33 26 0:30 / " + root + "/pids rw,nosuid,nodev,noexec,relatime shared:15 - cgroup cgroup rw,pids",
                "34 26 0:31 / " + root + "/freezer rw,nosuid,nodev,noexec,relatime shared:16 - cgroup cgroup rw,freezer",
                "35 26 0:32 / " + root + "/cpuset rw,nosuid,nodev,noexec,relatime shared:17 - cgroup cgroup rw,cpuset,clone_children",
                "36 26 0:33 / " + root + "/devices rw,nosuid,nodev,noexec,relatime shared:18 - cgroup cgroup rw,devices",
                "37 26 0:34 / " + root + "/blkio rw,nosuid,nodev,noexec,relatime shared:19 - cgroup cgroup rw,blkio",
                "38 26 0:35 / " + root + "/net_cls,net_prio rw,nosuid shared:20 - cgroup cgroup rw,net_cls,net_prio",
                "");
    }

    /** A pure v2 systemd host. */
    static String v2Systemd(Path root) {
        return String.join("\n",
                "26 1 259:2 / / rw,relatime shared:1 - ext4 /dev/nvme0n1p2 rw",
                "35 24 0:30 / " + root + " rw,nosuid,nodev,noexec,relatime shared:9 - cgroup2 cgroup2 rw,nsdelegate,memory_recursiveprot",
                "");
    }
}
