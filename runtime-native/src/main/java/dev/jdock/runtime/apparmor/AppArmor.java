package dev.jdock.runtime.apparmor;

import java.io.IOException;

/**
 * The host's AppArmor, as a container engine needs it: whether the kernel enforces it, which profiles it has
 * loaded, and loading one (through {@code apparmor_parser}). The real one is {@link LinuxAppArmor}; tests give a fake.
 * Applying a profile to a container's process is the C init's (it writes {@code exec <name>} to its attr).
 */
public interface AppArmor {

    /**
     * Whether containers get AppArmor profiles here: the module is enabled
     * ({@code /sys/module/apparmor/parameters/enabled} starts with {@code Y}) and its securityfs directory
     * ({@code /sys/kernel/security/apparmor}) exists, runc's {@code IsEnabled} and containerd's
     * {@code HostSupports}.
     */
    boolean supported();

    /**
     * Whether the kernel has a profile of that name loaded (a line {@code NAME (mode)} of
     * {@code /sys/kernel/security/apparmor/profiles}, moby's {@code IsLoaded}).
     */
    boolean isLoaded(String name) throws IOException;

    /** Loads (or replaces) a profile given as its source text: {@code apparmor_parser -Kr}, the text on stdin. */
    void load(String profileSource) throws IOException;

    /** The profile this process runs under ({@code /proc/self/attr/current}'s name), {@code unconfined} if none. */
    String ownProfile();

    /** A host without AppArmor (as this one's kernel): nothing is supported, loaded or loadable. */
    static AppArmor unsupported() {
        return new AppArmor() {
            @Override
            public boolean supported() {
                return false;
            }

            @Override
            public boolean isLoaded(String name) {
                return false;
            }

            @Override
            public void load(String profileSource) throws IOException {
                throw new IOException("AppArmor is not enabled on this host");
            }

            @Override
            public String ownProfile() {
                return "unconfined";
            }
        };
    }
}
