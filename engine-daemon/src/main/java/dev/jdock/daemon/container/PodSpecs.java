package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.NamespaceSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What a {@link PodLink} changes in a container's runtime spec (see {@link SpecFactory}). */
final class PodSpecs {
    /** The pod's files in the sandbox's directory, and where each goes in the container. */
    static final List<String[]> ETC_FILES = List.of(new String[] {"hostname", "/etc/hostname"},
            new String[] {"hosts", "/etc/hosts"}, new String[] {"resolv.conf", "/etc/resolv.conf"});

    private PodSpecs() {
    }

    /** {@code base} with the link's namespaces: the host's are dropped, new ones made, the others joined by path. */
    static List<NamespaceSpec> namespaces(List<NamespaceSpec> base, PodLink link) {
        List<NamespaceSpec> out = new ArrayList<>();
        List<String> seen = new ArrayList<>();
        for (NamespaceSpec ns : base) {
            seen.add(ns.type());
            String mode = link.namespaces().get(ns.type());
            if (mode == null) {
                out.add(ns);
            } else {
                add(out, ns.type(), mode);
            }
        }
        link.namespaces().forEach((type, mode) -> {
            if (!seen.contains(type)) {
                add(out, type, mode);
            }
        });
        return out;
    }

    private static void add(List<NamespaceSpec> out, String type, String mode) {
        if (mode.equals(PodLink.PRIVATE)) {
            out.add(NamespaceSpec.create(type));
        } else if (!mode.equals(PodLink.HOST)) {
            out.add(NamespaceSpec.join(type, Path.of(mode)));
        }
    }

    /**
     * Binds of the sandbox's hostname, hosts and resolv.conf that exist, read-only with a read-only root fs (as
     * containerd mounts them).
     */
    static List<MountSpec> etcMounts(PodLink link, boolean readOnly) {
        List<MountSpec> out = new ArrayList<>();
        if (link.etcDir().isEmpty()) {
            return out;
        }
        for (String[] f : ETC_FILES) {
            Path src = Path.of(link.etcDir(), f[0]);
            if (Files.isRegularFile(src)) {
                out.add(MountSpec.bind(src.toString(), f[1], readOnly, true));
            }
        }
        return out;
    }

    /**
     * The CRI log at the kubelet's path (its directory made, as containerd does), or none without a path. The path is
     * {@code <pods>/<pod>/<container>/<N>.log}: the pod's and the container's directories, within reach of a pod with
     * the node's /var/log as a hostPath, are made and opened one at a time from the descriptor of the one above,
     * never following a symlink (one there is refused, as the monitor refuses it when it opens the file): a pod that
     * swaps its directory for a link between the two steps cannot have the container's made through it. What is
     * above them is the node's.
     */
    static LogSpec log(PodLink link) {
        if (link.logPath().isEmpty()) {
            return LogSpec.none();
        }
        Path file = Path.of(link.logPath());
        Path dir = file.getParent();
        List<Path> own = new ArrayList<>();
        for (int i = 0; i < 2 && dir.getParent() != null; i++, dir = dir.getParent()) {
            own.add(0, dir);
        }
        try {
            Files.createDirectories(dir);
            makeOwn(dir, own);
        } catch (IOException | SyscallException e) {
            throw EngineException.system("failed to create container log directory " + file.getParent() + ": "
                    + e.getMessage(), e);
        }
        return LogSpec.cri(file);
    }

    /** Makes (or finds) each of {@code own} in the one before, {@code node} first, by descriptor. */
    private static void makeOwn(Path node, List<Path> own) throws IOException {
        Fd at = Fs.open(node, Fs.O_PATH | Fs.O_DIRECTORY);
        try {
            for (Path d : own) {
                String name = d.getFileName().toString();
                try {
                    Fs.mkdirat(at, name, 0755);
                } catch (SyscallException e) {
                    if (!e.is(Errno.EEXIST)) {
                        throw e;
                    }
                }
                Fd next;
                try {
                    next = Fs.openat(at, name, Fs.DIR, 0);
                } catch (SyscallException e) {
                    if (!e.is(Errno.ELOOP) && !e.is(Errno.ENOTDIR)) {
                        throw e;
                    }
                    boolean link = Fs.statIfExists(at, name).map(FileStat::isSymlink).orElse(false);
                    throw new IOException(d + ": " + (link ? "a symbolic link" : "not a directory"), e);
                }
                at.close();
                at = next;
            }
        } finally {
            at.close();
        }
    }

    /**
     * The image's groups of the user as containerd adds them: SupplementalGroupsPolicy Merge also with an explicit
     * group (run_as_group), Strict never; an Engine API container (no link) keeps runc's rule.
     */
    static ProcessSpec.ImageGroups imageGroups(PodLink link) {
        if (link == null) {
            return ProcessSpec.ImageGroups.IMPLICIT;
        }
        return link.strictGroups() ? ProcessSpec.ImageGroups.NEVER : ProcessSpec.ImageGroups.ALWAYS;
    }
}
