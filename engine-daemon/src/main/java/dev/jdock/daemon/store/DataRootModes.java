package dev.jdock.daemon.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Set;

/**
 * The modes that keep local users out of the data and exec roots. With 0755 directories a user ran a setuid binary
 * of an image layer as root (the CVE-2021-41091 class) and read a container's secrets in {@code config.json} and
 * in its spec. As dockerd: the data root 0710 root:root; what it holds 0700 (dockerd has 0710 for containers and
 * overlay2, which only user-namespace remapping needs to traverse: jdock has none); state files 0600 (hostname,
 * hosts and resolv.conf stay 0644: the container reads them through bind mounts as any user); the exec root 0700
 * (dockerd's /run/docker). Nothing a container uses needs a path through them: its root, volumes and binds are
 * mounted by the init while it is still root.
 *
 * <p>Applied at every start, so that an existing data root is closed as well: one pass over the top level and over
 * each container's directory, never into layer contents (they keep the image's modes, behind closed parents).
 */
public final class DataRootModes {
    static final Set<PosixFilePermission> DATA_ROOT = PosixFilePermissions.fromString("rwx--x---");
    public static final Set<PosixFilePermission> DIRECTORY = PosixFilePermissions.fromString("rwx------");
    static final Set<PosixFilePermission> FILE = AtomicFiles.PRIVATE;
    /** Created here (0700) so that no feature creates them 0755 first. */
    static final List<String> DATA_DIRS = List.of("containers", "content", "image", "overlay", "volumes", "network");
    static final List<String> EXEC_DIRS = List.of("containers", "exec", "archive");
    /** Per-container files that must not stay readable (a jdock before this change wrote them 0644). */
    private static final List<String> CONTAINER_STATE = List.of("config.json", "state.json", "mounts.json", "exit",
            "spec", "seccomp.bpf", "monitor.pid");

    private DataRootModes() {
    }

    /** Creates the roots and their top-level directories with these modes and fixes what exists already. */
    public static void apply(Path dataRoot, Path execRoot) throws IOException {
        closeRoot(dataRoot, DATA_ROOT, DATA_DIRS);
        closeRoot(execRoot, DIRECTORY, EXEC_DIRS);
        for (Path containers : List.of(dataRoot.resolve("containers"), execRoot.resolve("containers"),
                execRoot.resolve("exec"))) {
            closeEach(containers);
        }
    }

    /** The root itself, then every directory (0700) and file (0600) directly in it. */
    private static void closeRoot(Path root, Set<PosixFilePermission> rootMode, List<String> dirs) throws IOException {
        Files.createDirectories(root);
        Files.setPosixFilePermissions(root, rootMode);
        for (String d : dirs) {
            Files.createDirectories(root.resolve(d), PosixFilePermissions.asFileAttribute(DIRECTORY));
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root)) {
            for (Path p : entries) {
                // a top-level directory may be an administrator's symlink to another disk: its target is closed
                if (Files.isDirectory(p)) {
                    chmod(p, DIRECTORY);
                } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    chmod(p, FILE);
                }
            }
        }
    }

    /** Each container's (or exec's) directory 0700 and its state files 0600; symlinks are never followed. */
    private static void closeEach(Path parent) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(parent)) {
            for (Path dir : entries) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                chmod(dir, DIRECTORY);
                for (String name : CONTAINER_STATE) {
                    Path f = dir.resolve(name);
                    if (Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                        chmod(f, FILE);
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // nothing there yet
        }
    }

    /** Sets {@code p} (following a symlink: callers check first) to exactly {@code mode} unless it has it already. */
    private static void chmod(Path p, Set<PosixFilePermission> mode) throws IOException {
        PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
        if (!a.permissions().equals(mode)) {
            Files.setPosixFilePermissions(p, mode);
        }
    }
}
