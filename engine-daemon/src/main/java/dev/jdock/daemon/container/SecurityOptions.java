package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import java.util.Optional;

/**
 * The parsed {@code HostConfig.SecurityOpt} list: {@code no-new-privileges[=true|false]}, {@code seccomp=unconfined},
 * {@code seccomp=builtin} (the default profile), {@code seccomp=<profile JSON>} (the docker CLI reads a profile file
 * and sends its content), {@code apparmor=NAME} (moby's parseSecurityOpt: the last one wins; {@code unconfined} or a
 * profile's name, applied where the host has AppArmor: {@link AppArmorProfiles}) and {@code label=...} (accepted, no
 * effect here).
 *
 * @param apparmorProfile the profile asked for, empty: none (the default profile, or unconfined when privileged)
 */
record SecurityOptions(boolean noNewPrivileges, boolean seccompUnconfined, Optional<String> seccompProfileJson,
        String apparmorProfile) {

    /** Without an AppArmor profile. */
    SecurityOptions(boolean noNewPrivileges, boolean seccompUnconfined, Optional<String> seccompProfileJson) {
        this(noNewPrivileges, seccompUnconfined, seccompProfileJson, "");
    }

    static SecurityOptions parse(List<String> opts) {
        boolean nnp = false;
        boolean unconfined = false;
        Optional<String> profile = Optional.empty();
        String apparmor = "";
        for (String o : opts) {
            int eq = o.indexOf(eq(o));
            String key = eq < 0 ? o : o.substring(0, eq);
            String value = eq < 0 ? "" : o.substring(eq + 1);
            switch (key) {
                case "no-new-privileges" -> nnp = value.isEmpty() || Boolean.parseBoolean(value);
                case "seccomp" -> {
                    if (value.equals("unconfined")) {
                        unconfined = true;
                    } else if (value.equals("builtin")) { // moby's SeccompProfileDefault: the default profile
                        profile = Optional.empty();
                    } else if (value.isEmpty()) {
                        throw EngineException.invalid("invalid --security-opt 2: \"" + o + "\"");
                    } else {
                        profile = Optional.of(value);
                    }
                }
                case "apparmor" -> apparmor = value;
                case "label", "systempaths", "writable-cgroups" -> {
                    // accepted as Docker does; SELinux is not used by jdock
                }
                default -> throw EngineException.invalid("invalid --security-opt 2: \"" + o + "\"");
            }
        }
        return new SecurityOptions(nnp, unconfined, profile, apparmor);
    }

    /** Docker accepts both "key=value" and the legacy "key:value". */
    private static String eq(String o) {
        return o.indexOf('=') >= 0 ? "=" : ":";
    }
}
