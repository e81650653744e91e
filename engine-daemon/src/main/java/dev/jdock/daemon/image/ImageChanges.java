package dev.jdock.daemon.image;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.Json;
import dev.jdock.api.types.image.HealthConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.daemon.build.dockerfile.Dockerfile;
import dev.jdock.daemon.build.dockerfile.Healthcheck;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code changes} of {@code docker import --change} and {@code docker commit --change}: Dockerfile instructions
 * CMD, ENTRYPOINT, ENV, WORKDIR, USER, EXPOSE ({@link ExposedPorts}), LABEL, VOLUME, ONBUILD, HEALTHCHECK (moby's
 * validCommitCommands) applied to an image config. Anything else, STOPSIGNAL too, is refused as Docker does.
 */
final class ImageChanges {
    private ImageChanges() {
    }

    static ImageContainerConfig apply(List<String> changes) {
        Builder b = new Builder();
        for (String change : changes) {
            String line = change.strip();
            if (line.isEmpty()) {
                continue;
            }
            int sp = line.indexOf(' ');
            String instr = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
            String args = sp < 0 ? "" : line.substring(sp + 1).strip();
            b.apply(instr, args);
        }
        return b.build();
    }

    private static final class Builder {
        private final List<String> env = new ArrayList<>();
        private final Map<String, String> labels = new TreeMap<>();
        private final Map<String, Map<String, Object>> ports = new TreeMap<>();
        private final Map<String, Map<String, Object>> volumes = new TreeMap<>();
        private final List<String> onBuild = new ArrayList<>();
        private List<String> cmd;
        private List<String> entrypoint;
        private String workdir;
        private String user;
        private HealthConfig healthcheck;

        void apply(String instr, String args) {
            switch (instr) {
                case "CMD" -> cmd = commandForm(args);
                case "ENTRYPOINT" -> entrypoint = commandForm(args);
                case "ENV" -> keyValues(args, true).forEach((k, v) -> env.add(k + "=" + v));
                case "LABEL" -> labels.putAll(keyValues(args, false));
                case "WORKDIR" -> workdir = args;
                case "USER" -> user = args;
                case "ONBUILD" -> onBuild.add(trigger(args));
                case "HEALTHCHECK" -> healthcheck = healthcheck(args);
                case "EXPOSE" -> {
                    for (String p : args.split("\\s+")) {
                        ExposedPorts.of(p).forEach(k -> ports.put(k, Map.of()));
                    }
                }
                case "VOLUME" -> {
                    List<String> vs = args.startsWith("[") ? jsonArray(args) : List.of(args.split("\\s+"));
                    vs.forEach(v -> volumes.put(v, Map.of()));
                }
                default -> throw EngineException.invalid(instr.toLowerCase(Locale.ROOT)
                        + " is not a valid change command");
            }
        }

        ImageContainerConfig build() {
            return new ImageContainerConfig(null, null, user, null, null, null, ports.isEmpty() ? null : ports, null,
                    null, null, env.isEmpty() ? null : env, cmd, healthcheck, null, null,
                    volumes.isEmpty() ? null : volumes,
                    workdir, entrypoint, onBuild.isEmpty() ? null : List.copyOf(onBuild),
                    labels.isEmpty() ? null : labels, null, null);
        }

        private static String trigger(String args) {
            String first = args.split("\\s+", 2)[0].toUpperCase(Locale.ROOT);
            switch (first) {
                case "ONBUILD" -> throw EngineException.invalid("Chaining ONBUILD via `ONBUILD ONBUILD` isn't allowed");
                case "FROM", "MAINTAINER" -> throw EngineException.invalid(first + " isn't allowed as an ONBUILD trigger");
                case "" -> throw EngineException.invalid("ONBUILD requires at least one argument");
                default -> {
                    return args;
                }
            }
        }
    }

    /** The Dockerfile parser's HEALTHCHECK (its flags, CMD or NONE, and its errors). */
    private static HealthConfig healthcheck(String args) {
        return ((Healthcheck) Dockerfile.parseTriggers(List.of("HEALTHCHECK " + args)).get(0)).toConfig();
    }

    private static List<String> commandForm(String args) {
        if (args.startsWith("[")) {
            return jsonArray(args);
        }
        return List.of("/bin/sh", "-c", args);
    }

    private static List<String> jsonArray(String args) {
        try {
            return Json.mapper().readValue(args, new TypeReference<List<String>>() { });
        } catch (IOException e) {
            throw EngineException.invalid("invalid JSON array in change: " + args);
        }
    }

    /** {@code K=V K2="v 2"} or the legacy single {@code K V} form. */
    private static Map<String, String> keyValues(String args, boolean legacyAllowed) {
        Map<String, String> out = new TreeMap<>();
        if (!args.contains("=") && legacyAllowed) {
            int sp = args.indexOf(' ');
            out.put(sp < 0 ? args : args.substring(0, sp), sp < 0 ? "" : args.substring(sp + 1).strip());
            return out;
        }
        for (String token : tokens(args)) {
            int eq = token.indexOf('=');
            if (eq <= 0) {
                throw EngineException.invalid("invalid change: " + token + " must be of the form key=value");
            }
            out.put(token.substring(0, eq), token.substring(eq + 1));
        }
        return out;
    }

    /** Splits on whitespace outside double quotes, dropping the quotes. */
    private static List<String> tokens(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (cur.length() > 0) {
                    out.add(cur.toString());
                    cur.setLength(0);
                }
            } else {
                cur.append(c);
            }
        }
        if (cur.length() > 0) {
            out.add(cur.toString());
        }
        return out;
    }
}
