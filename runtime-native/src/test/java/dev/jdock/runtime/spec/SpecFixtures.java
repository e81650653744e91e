package dev.jdock.runtime.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Specs shared by the spec and process tests. */
public final class SpecFixtures {
    private SpecFixtures() {
    }

    public static RuntimeSpec full() {
        ProcessSpec process = new ProcessSpec(List.of("/bin/sh", "-c", "echo hi there\nwörld", "-", ""),
                List.of("PATH=/usr/bin:/bin", "X=a b%c"), "/work dir", "nobody:nogroup", List.of(10, 20), true, true,
                true, 24, 80, true, new CapabilitySets(-1L, 5, 7, 2, 2),
                List.of(new Rlimit("RLIMIT_NOFILE", 1024, Rlimit.UNLIMITED)), ProcessSpec.ImageGroups.NEVER, true,
                "docker-default");
        return new RuntimeSpec("abc123", Path.of("/var/lib/jdock/containers/abc123"),
                Path.of("/run/jdock/containers/abc123"),
                RootfsSpec.overlay(List.of(Path.of("/s/l2"), Path.of("/s/l1")), Path.of("/s/upper"),
                        Path.of("/s/work"), Path.of("/s/merged")),
                process, "web", List.of(NamespaceSpec.create("pid"), NamespaceSpec.join("net", Path.of("/proc/42/ns/net"))),
                List.of(new MountSpec("proc", "/proc", "proc", 14, "", false),
                        MountSpec.bind("/etc/hosts file", "/etc/hosts", true, true)),
                DockerDefaults.devices(), DockerDefaults.MASKED_PATHS, DockerDefaults.READONLY_PATHS, true,
                Optional.of(Path.of("/tmp/x.bpf")), List.of(Path.of("/sys/fs/cgroup/memory/jdock/abc/cgroup.procs")),
                LogSpec.jsonFile(Path.of("/var/lib/jdock/containers/abc123/abc123-json.log"), 1 << 20, 3),
                Optional.of(500));
    }
}
