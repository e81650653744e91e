package dev.jdock.daemon.archive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Files the runtime creates in a container's upper directory only as mount points (Docker keeps these in its
 * {@code -init} layer): an empty file or directory at one of these paths is neither a change nor part of a commit.
 */
final class MountTargets {
    private static final Set<String> PATHS = Set.of("/etc/resolv.conf", "/etc/hostname", "/etc/hosts",
            "/etc/mtab", "/.dockerenv", "/dev", "/dev/pts", "/dev/shm", "/dev/console", "/dev/mqueue", "/proc",
            "/sys");

    private MountTargets() {
    }

    /** @param containerPath absolute, e.g. {@code /etc/resolv.conf} */
    static boolean isMountTarget(String containerPath, Path host) {
        if (!PATHS.contains(containerPath)) {
            return false;
        }
        try {
            if (Files.isRegularFile(host, LinkOption.NOFOLLOW_LINKS)) {
                return Files.size(host) == 0;
            }
            if (Files.isDirectory(host, LinkOption.NOFOLLOW_LINKS)) {
                try (Stream<Path> s = Files.list(host)) {
                    return s.findAny().isEmpty();
                }
            }
        } catch (IOException e) {
            return false;
        }
        return false;
    }
}
