package dev.jdock.daemon.cri.stats;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Block device names for cAdvisor's {@code device} label: {@code /dev/<DEVNAME>} of the kernel's
 * {@code /sys/dev/block/<major>:<minor>/uevent}, as cAdvisor names the disks it knows ({@code /dev/sda},
 * {@code /dev/nvme0n1}); empty for a device the kernel no longer lists. Names found are kept (a device number names
 * one device while it exists; at most {@link #MAX_KEPT} of them, then looked up again each time).
 */
public final class BlockDevices implements CriMetrics.DeviceNames {
    /** The names of this host's devices. */
    public static final BlockDevices HOST = new BlockDevices(Path.of("/sys"));

    static final int MAX_KEPT = 1024;
    /** A uevent file is a few lines; more is not read. */
    private static final int MAX_BYTES = 4096;

    private final Path sys;
    private final Map<String, String> kept = new ConcurrentHashMap<>();

    /** {@code sys}: where sysfs is mounted ({@code /sys}; a directory tree in tests). */
    public BlockDevices(Path sys) {
        this.sys = sys;
    }

    @Override
    public String name(long major, long minor) {
        String key = major + ":" + minor;
        String name = kept.get(key);
        if (name != null) {
            return name;
        }
        name = read(sys.resolve("dev/block").resolve(key).resolve("uevent"));
        if (!name.isEmpty() && kept.size() < MAX_KEPT) {
            kept.put(key, name);
        }
        return name;
    }

    /** The {@code DEVNAME=} line as {@code /dev/NAME}; empty without one. */
    static String read(Path uevent) {
        String text;
        try (InputStream in = Files.newInputStream(uevent)) {
            text = new String(in.readNBytes(MAX_BYTES), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
        for (String line : text.split("\n")) {
            if (line.startsWith("DEVNAME=")) {
                String name = line.substring("DEVNAME=".length()).trim();
                return name.isEmpty() || name.contains("..") ? "" : "/dev/" + name;
            }
        }
        return "";
    }
}
