package dev.jdock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The daemon's own cgroup in each hierarchy, from {@code /proc/self/cgroup}: where a relative {@link CgroupParent}
 * starts (as runc's {@code GetOwnCgroupPath}). Read once when the daemon starts.
 *
 * @param byController a v1 controller's path ({@code memory} → {@code /system.slice/x.service}); the cgroup2 path
 *                     under the key {@code ""}
 */
public record OwnCgroups(Map<String, String> byController) {
    /** Every hierarchy at its root. */
    public static final OwnCgroups ROOT = new OwnCgroups(Map.of());
    private static final int MAX_FILE = 64 * 1024;

    public OwnCgroups {
        byController = Map.copyOf(byController);
    }

    /** The path in {@code controller}'s hierarchy ({@code ""} for cgroup2); {@code /} when not listed. */
    public String of(String controller) {
        return byController.getOrDefault(controller, "/");
    }

    /** As {@code /proc/self/cgroup} lines ({@code 0:<controller>:<path>}), which {@link #parse} reads back. */
    public String format() {
        StringBuilder b = new StringBuilder();
        new java.util.TreeMap<>(byController).forEach((c, p) -> b.append("0:").append(c).append(':').append(p)
                .append('\n'));
        return b.toString();
    }

    /** Parses {@code /proc/self/cgroup} lines ({@code 4:memory:/a}, {@code 1:cpu,cpuacct:/b}, {@code 0::/c}). */
    public static OwnCgroups parse(String text) {
        Map<String, String> out = new HashMap<>();
        for (String line : text.split("\n")) {
            int first = line.indexOf(':');
            int second = first < 0 ? -1 : line.indexOf(':', first + 1);
            if (second < 0) {
                continue;
            }
            String path = line.substring(second + 1);
            String controllers = line.substring(first + 1, second);
            if (controllers.isEmpty()) {
                out.put("", path);
            }
            for (String c : controllers.split(",")) {
                if (!c.isEmpty()) {
                    out.put(c, path);
                }
            }
        }
        return new OwnCgroups(out);
    }

    /** {@link #parse} of a file; {@link #ROOT} when it cannot be read. */
    public static OwnCgroups read(Path file) {
        try {
            byte[] b = Files.readAllBytes(file);
            return parse(new String(b, 0, Math.min(b.length, MAX_FILE), java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException e) {
            return ROOT;
        }
    }
}
