package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OwnCgroupsTest {
    @Test
    void parse_v1CoMountedNamedAndUnified() {
        OwnCgroups own = OwnCgroups.parse("9:name=systemd:/\n4:memory:/process_api/x\n1:cpu,cpuacct:/svc\n0::/u\n");
        assertEquals("/process_api/x", own.of("memory"));
        assertEquals("/svc", own.of("cpu"));
        assertEquals("/svc", own.of("cpuacct"));
        assertEquals("/u", own.of(""));
        assertEquals("/", own.of("pids"), "not listed: the root");
    }

    @Test
    void read_missingFileIsTheRoot() {
        assertEquals(OwnCgroups.ROOT, OwnCgroups.read(Path.of("/nonexistent/cgroup")));
    }
}
