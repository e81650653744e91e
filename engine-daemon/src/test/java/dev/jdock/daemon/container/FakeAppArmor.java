package dev.jdock.daemon.container;

import dev.jdock.runtime.apparmor.AppArmor;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A host's AppArmor in memory: supported or not, the loaded profiles, the sources {@link #load} was given (a load
 * loads the profile its source names, as {@code apparmor_parser -r} does); {@link #failLoads} makes the parser fail.
 */
public final class FakeAppArmor implements AppArmor {
    private final boolean supported;
    private final Set<String> loaded = new LinkedHashSet<>();
    private final List<String> loads = new ArrayList<>();
    private String own = "unconfined";
    private String loadFailure;

    public FakeAppArmor(boolean supported, String... loaded) {
        this.supported = supported;
        this.loaded.addAll(List.of(loaded));
    }

    /** The profiles loaded so far, in order. */
    public Set<String> loaded() {
        return loaded;
    }

    /** Every profile source given to {@link #load}, in order. */
    public List<String> loads() {
        return loads;
    }

    public FakeAppArmor ownProfile(String name) {
        own = name;
        return this;
    }

    /** Every load from now on fails with the parser's {@code output}. */
    public FakeAppArmor failLoads(String output) {
        loadFailure = output;
        return this;
    }

    /** What a package upgrade can do: the profile is no longer in the kernel. */
    public void unload(String name) {
        loaded.remove(name);
    }

    @Override
    public boolean supported() {
        return supported;
    }

    @Override
    public boolean isLoaded(String name) throws IOException {
        if (!supported) {
            throw new IOException("open /sys/kernel/security/apparmor/profiles: no such file or directory");
        }
        return loaded.contains(name);
    }

    @Override
    public void load(String profileSource) throws IOException {
        loads.add(profileSource);
        if (!supported || loadFailure != null) {
            throw new IOException("running 'apparmor_parser -Kr' failed with output: "
                    + (loadFailure == null ? "apparmor not enabled" : loadFailure) + "\nerror: exit status 1");
        }
        int at = profileSource.indexOf("\nprofile ");
        if (at < 0) {
            throw new IOException("no profile in the source");
        }
        String rest = profileSource.substring(at + "\nprofile ".length());
        loaded.add(rest.substring(0, rest.indexOf(' ')));
    }

    @Override
    public String ownProfile() {
        return own;
    }
}
