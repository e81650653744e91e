package dev.jdock.cli.command;

import dev.jdock.cli.format.GoFields;
import dev.jdock.cli.format.GoZero;
import java.util.Map;

/**
 * The fields of the Go structs docker 28's {@code inspect} renders a container or an image through
 * (container.InspectResponse, image.InspectResponse) that are {@code omitempty} or nil pointers, and so may be missing
 * from the daemon's JSON, with the zero value docker's template then sees (checked against docker 28.2.2:
 * {@code {{.State.Health}}} is {@code <nil>}, {@code {{.Config.ExposedPorts}}} {@code map[]}, {@code {{len
 * .HostConfig.Mounts}}} 0, {@code {{.Config.StopSignal}}} empty).
 */
final class TypedZeros {
    private static final Object[][] CONTAINER = {
        {"", "SizeRw", GoZero.NIL}, {"", "SizeRootFs", GoZero.NIL}, {"", "Node", GoZero.NIL},
        {"", "ImageManifestDescriptor", GoZero.NIL},
        {"State", "Health", GoZero.NIL},
        {"Config", "ExposedPorts", GoZero.MAP}, {"Config", "Healthcheck", GoZero.NIL},
        {"Config", "ArgsEscaped", false}, {"Config", "NetworkDisabled", false}, {"Config", "MacAddress", ""},
        {"Config", "StopSignal", ""}, {"Config", "StopTimeout", GoZero.NIL}, {"Config", "Shell", GoZero.SLICE},
        {"HostConfig", "KernelMemoryTCP", 0L}, {"HostConfig", "Init", GoZero.NIL},
        {"HostConfig", "Mounts", GoZero.SLICE}, {"HostConfig", "Annotations", GoZero.MAP},
        {"HostConfig", "StorageOpt", GoZero.MAP}, {"HostConfig", "Tmpfs", GoZero.MAP},
        {"HostConfig", "Sysctls", GoZero.MAP}};
    private static final Object[][] IMAGE = {
        {"", "Variant", ""}, {"", "OsVersion", ""}, {"", "Descriptor", GoZero.NIL}, {"", "Manifests", GoZero.SLICE},
        {"Config", "User", ""}, {"Config", "ExposedPorts", GoZero.MAP}, {"Config", "Env", GoZero.SLICE},
        {"Config", "Entrypoint", GoZero.SLICE}, {"Config", "Cmd", GoZero.SLICE}, {"Config", "Volumes", GoZero.MAP},
        {"Config", "WorkingDir", ""}, {"Config", "Labels", GoZero.MAP}, {"Config", "StopSignal", ""},
        {"Config", "ArgsEscaped", false}, {"Config", "Healthcheck", GoZero.NIL}, {"Config", "OnBuild", GoZero.SLICE},
        {"Config", "Shell", GoZero.SLICE}};

    private TypedZeros() {
    }

    /** The object with the zero of each such field it lacks (inside a present parent object only). */
    @SuppressWarnings("unchecked")
    static Object fill(Map<String, Object> doc, String kind) {
        Object[][] fields = kind.equals("container") ? CONTAINER : kind.equals("image") ? IMAGE : new Object[0][];
        if (fields.length == 0) {
            return doc;
        }
        GoFields top = new GoFields(doc);
        for (Object[] f : fields) {
            String parent = (String) f[0];
            if (parent.isEmpty()) {
                top.zero((String) f[1], f[2]);
            } else if (top.get(parent) instanceof Map<?, ?> m) {
                GoFields p = m instanceof GoFields g ? g : new GoFields((Map<String, Object>) m);
                p.zero((String) f[1], f[2]);
                top.put(parent, p);
            }
        }
        return top;
    }
}
