package dev.jdock.daemon.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Facts about the host read from /proc and /etc, for /info and /version. */
public final class HostFacts {
    private HostFacts() {
    }

    public static String kernelVersion() {
        return read(Path.of("/proc/sys/kernel/osrelease"), "unknown");
    }

    public static String hostname() {
        return read(Path.of("/proc/sys/kernel/hostname"), "localhost");
    }

    /** PRETTY_NAME from /etc/os-release, e.g. "Debian GNU/Linux 12 (bookworm)". */
    public static String operatingSystem() {
        return osRelease("PRETTY_NAME", "Linux");
    }

    public static String osVersion() {
        return osRelease("VERSION_ID", "");
    }

    public static long memTotal() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal:")) {
                    String[] f = line.trim().split("\\s+");
                    return Long.parseLong(f[1]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
        return 0;
    }

    public static int openFds() {
        String[] list = Path.of("/proc/self/fd").toFile().list();
        return list == null ? 0 : list.length;
    }

    public static boolean ipv4Forwarding() {
        return "1".equals(read(Path.of("/proc/sys/net/ipv4/ip_forward"), "0"));
    }

    private static String osRelease(String key, String def) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String l : lines) {
                if (l.startsWith(key + "=")) {
                    String v = l.substring(key.length() + 1).trim();
                    return v.replaceAll("^\"|\"$", "");
                }
            }
        } catch (IOException e) {
            return def;
        }
        return def;
    }

    private static String read(Path p, String def) {
        try {
            return Files.readString(p).trim();
        } catch (IOException e) {
            return def;
        }
    }
}
