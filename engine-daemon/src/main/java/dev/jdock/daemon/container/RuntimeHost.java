package dev.jdock.daemon.container;

import dev.jdock.runtime.apparmor.LinuxAppArmor;
import dev.jdock.runtime.caps.Capabilities;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What the runtime takes from the host it runs on, read once at start-up by the composition root (never in a
 * constructor): jdockd's mount table (Docker's default mounts and propagation checks go by it), its capability
 * bounding set ({@code --privileged}), its hard rlimits and oom_score_adj (containers never get more), and its
 * AppArmor (the profiles containers run under).
 */
public record RuntimeHost(String mountinfo, long boundingSet, HostLimits limits, AppArmorProfiles appArmor) {

    /**
     * Reads {@code /proc/self/mountinfo}, {@code /proc/self/status} and {@code /proc/self/limits}, and whether
     * AppArmor is enabled ({@code /sys}).
     */
    public static RuntimeHost read() {
        String mountinfo;
        try {
            mountinfo = Files.readString(Path.of("/proc/self/mountinfo"));
        } catch (IOException e) {
            mountinfo = "";
        }
        return new RuntimeHost(mountinfo, Capabilities.hostBoundingSet(), HostLimits.read(),
                AppArmorProfiles.of(LinuxAppArmor.host()));
    }
}
