package dev.jdock.daemon.build;

import dev.jdock.api.types.image.HealthConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image config being changed by a Dockerfile's metadata instruction: a copy of the fields an instruction sets,
 * turned back into an {@link ImageContainerConfig}. The rules are moby's dispatchers': ENV replaces a variable of
 * the same name in place, LABEL, EXPOSE and VOLUME add, the others replace; ENTRYPOINT clears a CMD set by an
 * earlier stage's image (not one set in this stage: that is the caller's business). Each collection is copied
 * once, at its first change, and then changed in place: an instruction's cost is linear in its pairs.
 */
final class ConfigDraft {
    private final ImageContainerConfig base;
    String user;
    List<String> env;
    List<String> cmd;
    List<String> entrypoint;
    String workingDir;
    Map<String, String> labels;
    Map<String, Map<String, Object>> exposedPorts;
    Map<String, Map<String, Object>> volumes;
    String stopSignal;
    HealthConfig healthcheck;
    List<String> shell;
    List<String> onBuild;
    Boolean argsEscaped;
    /*
     * The collections this draft copied and changes in place (the base's are never changed): one copy per
     * instruction, so an instruction of N pairs costs O(N), not O(N^2) (a LABEL of 20,000 pairs took 19 s).
     */
    private List<String> envOwned;
    private Map<String, Integer> envIndex;
    private Map<String, String> labelsOwned;
    private Map<String, Map<String, Object>> portsOwned;
    private Map<String, Map<String, Object>> volumesOwned;
    private List<String> onBuildOwned;

    ConfigDraft(ImageContainerConfig base) {
        this.base = base;
        this.user = base.user();
        this.env = base.env();
        this.cmd = base.cmd();
        this.entrypoint = base.entrypoint();
        this.workingDir = base.workingDir();
        this.labels = base.labels();
        this.exposedPorts = base.exposedPorts();
        this.volumes = base.volumes();
        this.stopSignal = base.stopSignal();
        this.healthcheck = base.healthcheck();
        this.shell = base.shell();
        this.onBuild = base.onBuild();
        this.argsEscaped = base.argsEscaped();
    }

    /** Sets {@code name} in the environment: in place when present, else appended. */
    ConfigDraft env(String name, String value) {
        if (envOwned == null || env != envOwned) { // the first change: one copy, one index, then linear
            envOwned = new ArrayList<>(env == null ? List.of() : env);
            envIndex = new HashMap<>();
            for (int i = 0; i < envOwned.size(); i++) {
                envIndex.putIfAbsent(envKey(envOwned.get(i)), i);
            }
            env = envOwned;
        }
        String kv = name + "=" + value;
        Integer at = envIndex.get(name);
        if (at != null) {
            envOwned.set(at, kv);
        } else {
            envIndex.put(name, envOwned.size());
            envOwned.add(kv);
        }
        return this;
    }

    /** moby's key of an environment entry: what comes before the first {@code =} (all of it without one). */
    private static String envKey(String kv) {
        int eq = kv.indexOf('=');
        return eq < 0 ? kv : kv.substring(0, eq);
    }

    ConfigDraft label(String key, String value) {
        if (labelsOwned == null || labels != labelsOwned) {
            labelsOwned = new LinkedHashMap<>(labels == null ? Map.of() : labels);
            labels = labelsOwned;
        }
        labelsOwned.put(key, value);
        return this;
    }

    ConfigDraft expose(String port) {
        if (portsOwned == null || exposedPorts != portsOwned) {
            portsOwned = new LinkedHashMap<>(exposedPorts == null ? Map.of() : exposedPorts);
            exposedPorts = portsOwned;
        }
        portsOwned.put(port, Map.of());
        return this;
    }

    ConfigDraft volume(String path) {
        if (volumesOwned == null || volumes != volumesOwned) {
            volumesOwned = new LinkedHashMap<>(volumes == null ? Map.of() : volumes);
            volumes = volumesOwned;
        }
        volumesOwned.put(path, Map.of());
        return this;
    }

    ConfigDraft onBuild(String trigger) {
        if (onBuildOwned == null || onBuild != onBuildOwned) {
            onBuildOwned = new ArrayList<>(onBuild == null ? List.of() : onBuild);
            onBuild = onBuildOwned;
        }
        onBuildOwned.add(trigger);
        return this;
    }

    ImageContainerConfig toConfig() {
        ImageContainerConfig b = base;
        return new ImageContainerConfig(b.hostname(), b.domainname(), user, b.attachStdin(), b.attachStdout(),
                b.attachStderr(), exposedPorts, b.tty(), b.openStdin(), b.stdinOnce(), env, cmd, healthcheck,
                argsEscaped, b.image(), volumes, workingDir, entrypoint, onBuild, labels, stopSignal, shell);
    }
}
