package dev.jdock.runtime.spec;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Everything {@code jdock-monitor} needs to create and supervise one container: written by {@link SpecCodec},
 * parsed by the C helper ({@code src/main/c/common/spec.c}).
 *
 * @param bundleDir persistent per-container directory; the monitor writes {@code exit} there
 * @param runDir    volatile directory for {@code attach.sock} and {@code monitor.pid}
 * @param sysctls   dotted names and values written under /proc/sys by the init (validated by the caller)
 * @param userns    the user namespace, empty: the host's
 */
public record RuntimeSpec(
        String id,
        Path bundleDir,
        Path runDir,
        RootfsSpec rootfs,
        ProcessSpec process,
        String hostname,
        List<NamespaceSpec> namespaces,
        List<MountSpec> mounts,
        List<DeviceSpec> devices,
        List<String> maskedPaths,
        List<String> readonlyPaths,
        boolean readonlyRootfs,
        Optional<Path> seccompBpf,
        List<Path> cgroupProcsFiles,
        LogSpec log,
        Optional<Integer> oomScoreAdj,
        Map<String, String> sysctls,
        Optional<UserNamespaceSpec> userns) {
    private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]*");

    /** In the host's user namespace. */
    public RuntimeSpec(String id, Path bundleDir, Path runDir, RootfsSpec rootfs, ProcessSpec process, String hostname,
            List<NamespaceSpec> namespaces, List<MountSpec> mounts, List<DeviceSpec> devices, List<String> maskedPaths,
            List<String> readonlyPaths, boolean readonlyRootfs, Optional<Path> seccompBpf, List<Path> cgroupProcsFiles,
            LogSpec log, Optional<Integer> oomScoreAdj, Map<String, String> sysctls) {
        this(id, bundleDir, runDir, rootfs, process, hostname, namespaces, mounts, devices, maskedPaths, readonlyPaths,
                readonlyRootfs, seccompBpf, cgroupProcsFiles, log, oomScoreAdj, sysctls, Optional.empty());
    }

    /** Without sysctls. */
    public RuntimeSpec(String id, Path bundleDir, Path runDir, RootfsSpec rootfs, ProcessSpec process, String hostname,
            List<NamespaceSpec> namespaces, List<MountSpec> mounts, List<DeviceSpec> devices, List<String> maskedPaths,
            List<String> readonlyPaths, boolean readonlyRootfs, Optional<Path> seccompBpf, List<Path> cgroupProcsFiles,
            LogSpec log, Optional<Integer> oomScoreAdj) {
        this(id, bundleDir, runDir, rootfs, process, hostname, namespaces, mounts, devices, maskedPaths, readonlyPaths,
                readonlyRootfs, seccompBpf, cgroupProcsFiles, log, oomScoreAdj, Map.of());
    }

    public RuntimeSpec {
        if (id == null || id.isEmpty() || !VALID_ID.matcher(id).matches()) {
            throw new IllegalArgumentException("invalid container id: " + id);
        }
        requireAbsolute(bundleDir, "bundleDir");
        requireAbsolute(runDir, "runDir");
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(process, "process");
        hostname = hostname == null ? "" : hostname;
        namespaces = List.copyOf(namespaces);
        mounts = List.copyOf(mounts);
        devices = List.copyOf(devices);
        maskedPaths = List.copyOf(maskedPaths);
        readonlyPaths = List.copyOf(readonlyPaths);
        seccompBpf = Objects.requireNonNull(seccompBpf, "seccompBpf");
        seccompBpf.ifPresent(p -> requireAbsolute(p, "seccompBpf"));
        cgroupProcsFiles = List.copyOf(cgroupProcsFiles);
        cgroupProcsFiles.forEach(p -> requireAbsolute(p, "cgroupProcsFiles"));
        Objects.requireNonNull(log, "log");
        oomScoreAdj = Objects.requireNonNull(oomScoreAdj, "oomScoreAdj");
        oomScoreAdj.ifPresent(v -> {
            if (v < -1000 || v > 1000) {
                throw new IllegalArgumentException("oomScoreAdj out of range: " + v);
            }
        });
        sysctls = Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
        for (String k : sysctls.keySet()) {
            if (k.isEmpty() || k.contains("/") || k.contains("..") || k.contains(" ")) {
                throw new IllegalArgumentException("invalid sysctl name: " + k);
            }
        }
        userns = Objects.requireNonNull(userns, "userns");
        if (userns.isPresent() && mounts.stream().anyMatch(m -> (m.propagation() & MsFlags.MS_SHARED) != 0)) {
            throw new IllegalArgumentException("shared mount propagation is not supported in a user namespace");
        }
        long types = namespaces.stream().map(NamespaceSpec::type).distinct().count();
        if (types != namespaces.size()) {
            throw new IllegalArgumentException("duplicate namespace type in " + namespaces);
        }
        for (String p : maskedPaths) {
            requireAbsolute(p, "maskedPaths");
        }
        for (String p : readonlyPaths) {
            requireAbsolute(p, "readonlyPaths");
        }
    }

    /** The same spec in the user namespace {@code u}. */
    public RuntimeSpec withUserns(UserNamespaceSpec u) {
        return new RuntimeSpec(id, bundleDir, runDir, rootfs, process, hostname, namespaces, mounts, devices,
                maskedPaths, readonlyPaths, readonlyRootfs, seccompBpf, cgroupProcsFiles, log, oomScoreAdj, sysctls,
                Optional.of(u));
    }

    /** The namespace entry of {@code type}, empty when the host's namespace is shared. */
    public Optional<NamespaceSpec> namespace(String type) {
        return namespaces.stream().filter(n -> n.type().equals(type)).findFirst();
    }

    static void requireAbsolute(Path p, String what) {
        if (p == null || !p.isAbsolute()) {
            throw new IllegalArgumentException(what + " must be an absolute path: " + p);
        }
    }

    static void requireAbsolute(String p, String what) {
        if (p == null || !p.startsWith("/")) {
            throw new IllegalArgumentException(what + " must be an absolute path: " + p);
        }
    }
}
