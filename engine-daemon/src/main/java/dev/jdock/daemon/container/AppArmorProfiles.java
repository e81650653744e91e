package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.apparmor.AppArmor;
import dev.jdock.runtime.apparmor.DockerDefaultProfile;
import java.io.IOException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which AppArmor profile a container runs under, as moby chooses it ({@code WithApparmor},
 * {@code saveAppArmorConfig}), and moby's default profile kept loaded ({@code ensureDefaultAppArmorProfile}). On a
 * host without AppArmor nothing is applied and every option is accepted, as dockerd does there.
 */
public final class AppArmorProfiles {
    /** moby's default profile; the CRI's RuntimeDefault is the same one. */
    public static final String DEFAULT = DockerDefaultProfile.NAME;
    public static final String UNCONFINED = "unconfined";
    private static final Logger LOG = LoggerFactory.getLogger(AppArmorProfiles.class);

    private final AppArmor host;
    /** The host's AppArmor profile directory ({@code /etc/apparmor.d}): the default profile's includes. */
    private final Path profileDir;

    public AppArmorProfiles(AppArmor host, Path profileDir) {
        this.host = host;
        this.profileDir = profileDir;
    }

    /** This host's: its AppArmor and {@code /etc/apparmor.d}. */
    public static AppArmorProfiles of(AppArmor host) {
        return new AppArmorProfiles(host, Path.of("/etc/apparmor.d"));
    }

    /** Whether containers get AppArmor profiles here (/info's {@code name=apparmor}). */
    public boolean supported() {
        return host.supported();
    }

    /** Whether the kernel has the profile loaded; an unreadable profile list is an error (containerd's). */
    public boolean isLoaded(String name) {
        try {
            return host.isLoaded(name);
        } catch (IOException e) {
            throw EngineException.system("failed to check whether apparmor profile \"" + name + "\" is loaded: "
                    + e.getMessage(), e);
        }
    }

    /**
     * The profile the container's process (and its execs) runs under: none where the host has no AppArmor; else the
     * one {@code --security-opt apparmor=} names, {@code unconfined} for a privileged container, the default
     * profile otherwise (moby's {@code WithApparmor}). A named profile the kernel has not loaded fails the start in
     * the init, with runc's error.
     */
    public String forContainer(HostConfig hc) {
        if (!host.supported()) {
            return "";
        }
        String asked = asked(hc);
        if (!asked.isEmpty()) {
            if (!asked.chars().allMatch(ch -> ch > ' ' && ch != 0x7f)) {
                // the init writes "exec NAME": one word (refused only here, where it would be applied)
                throw EngineException.invalid("invalid apparmor profile \"" + asked + "\"");
            }
            return asked;
        }
        return hc.privileged() ? UNCONFINED : DEFAULT;
    }

    /**
     * Inspect's {@code AppArmorProfile}: moby records it at the start (before one: the profile asked for, or
     * nothing), and records nothing where the host has no AppArmor.
     */
    String shown(HostConfig hc, boolean startedBefore) {
        if (!host.supported()) {
            return "";
        }
        return startedBefore ? forContainer(hc) : asked(hc);
    }

    private static String asked(HostConfig hc) {
        return SecurityOptions.parse(HostConfigValidator.orEmpty(hc.securityOpt())).apparmorProfile();
    }

    /**
     * Loads the default profile unless the kernel has it: at every start of a container that runs under it, as moby
     * does (a package upgrade may have unloaded it). A failure fails that start, with moby's message.
     */
    public void ensureDefault() {
        try {
            if (host.isLoaded(DEFAULT)) { // the common case: no lock, concurrent starts read the list at once
                return;
            }
            loadDefault();
        } catch (IOException e) {
            throw EngineException.system("AppArmor enabled on system but the " + DEFAULT
                    + " profile could not be loaded: " + e.getMessage(), e);
        }
    }

    /** One load at a time: starts that found it missing together load it once. */
    private synchronized void loadDefault() throws IOException {
        if (!host.isLoaded(DEFAULT)) {
            host.load(DockerDefaultProfile.render(DEFAULT, DockerDefaultProfile.Host.of(profileDir,
                    host.ownProfile())));
        }
    }

    /** At daemon start, where the host has AppArmor: {@link #ensureDefault}, a failure logged (moby's). */
    public void loadDefaultAtBoot() {
        if (!host.supported()) {
            return;
        }
        try {
            ensureDefault();
            LOG.info("AppArmor: the {} profile is loaded", DEFAULT);
        } catch (EngineException e) {
            LOG.error("{}", e.getMessage());
        }
    }
}
