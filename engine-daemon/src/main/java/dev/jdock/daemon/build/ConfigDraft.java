package dev.jdock.daemon.build;

import dev.jdock.api.types.image.HealthConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image config being changed by a Dockerfile's metadata instruction: a copy of the fields an instruction sets,
 * turned back into an {@link ImageContainerConfig}. The rules are moby's dispatchers': ENV replaces a variable of
 * the same name in place, LABEL, EXPOSE and VOLUME add, the others replace; ENTRYPOINT clears a CMD set by an
 * earlier stage's image (not one set in this stage: that is the caller's business).
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
        List<String> next = new ArrayList<>(env == null ? List.of() : env);
        String kv = name + "=" + value;
        for (int i = 0; i < next.size(); i++) {
            String e = next.get(i);
            if (e.equals(name) || e.startsWith(name + "=")) {
                next.set(i, kv);
                env = next;
                return this;
            }
        }
        next.add(kv);
        env = next;
        return this;
    }

    ConfigDraft label(String key, String value) {
        Map<String, String> next = new LinkedHashMap<>(labels == null ? Map.of() : labels);
        next.put(key, value);
        labels = next;
        return this;
    }

    ConfigDraft expose(String port) {
        Map<String, Map<String, Object>> next = new LinkedHashMap<>(exposedPorts == null ? Map.of() : exposedPorts);
        next.put(port, Map.of());
        exposedPorts = next;
        return this;
    }

    ConfigDraft volume(String path) {
        Map<String, Map<String, Object>> next = new LinkedHashMap<>(volumes == null ? Map.of() : volumes);
        next.put(path, Map.of());
        volumes = next;
        return this;
    }

    ConfigDraft onBuild(String trigger) {
        List<String> next = new ArrayList<>(onBuild == null ? List.of() : onBuild);
        next.add(trigger);
        onBuild = next;
        return this;
    }

    ImageContainerConfig toConfig() {
        ImageContainerConfig b = base;
        return new ImageContainerConfig(b.hostname(), b.domainname(), user, b.attachStdin(), b.attachStdout(),
                b.attachStderr(), exposedPorts, b.tty(), b.openStdin(), b.stdinOnce(), env, cmd, healthcheck,
                argsEscaped, b.image(), volumes, workingDir, entrypoint, onBuild, labels, stopSignal, shell);
    }
}
