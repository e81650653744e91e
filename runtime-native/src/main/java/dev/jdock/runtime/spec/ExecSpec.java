package dev.jdock.runtime.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One {@code docker exec} process for {@code jdock-monitor --exec}: written by {@link ExecSpecCodec}, parsed by
 * {@code src/main/c/exec/execspec.c}. The exec monitor joins every namespace of {@code containerPid} (the
 * container's init, a host pid) and writes the exec's pid into {@code cgroupProcsFiles}.
 *
 * @param dir the exec's directory: {@code attach.sock}, {@code monitor.pid}, {@code exit} and the spec file
 * @param oomScoreAdj the container's, which the exec's process takes as runc gives it the container's process
 */
public record ExecSpec(
        String id,
        Path dir,
        int containerPid,
        ProcessSpec process,
        Optional<Path> seccompBpf,
        List<Path> cgroupProcsFiles,
        Optional<Integer> oomScoreAdj) {

    /** An exec that keeps the monitor's oom_score_adj. */
    public ExecSpec(String id, Path dir, int containerPid, ProcessSpec process, Optional<Path> seccompBpf,
            List<Path> cgroupProcsFiles) {
        this(id, dir, containerPid, process, seccompBpf, cgroupProcsFiles, Optional.empty());
    }

    public ExecSpec {
        if (id == null || !id.matches("[A-Za-z0-9][A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("invalid exec id: " + id);
        }
        RuntimeSpec.requireAbsolute(dir, "dir");
        if (containerPid <= 0) {
            throw new IllegalArgumentException("container pid must be positive: " + containerPid);
        }
        Objects.requireNonNull(process, "process");
        seccompBpf = Objects.requireNonNull(seccompBpf, "seccompBpf");
        seccompBpf.ifPresent(p -> RuntimeSpec.requireAbsolute(p, "seccompBpf"));
        cgroupProcsFiles = List.copyOf(cgroupProcsFiles);
        cgroupProcsFiles.forEach(p -> RuntimeSpec.requireAbsolute(p, "cgroupProcsFiles"));
        oomScoreAdj = Objects.requireNonNull(oomScoreAdj, "oomScoreAdj");
    }
}
