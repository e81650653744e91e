package dev.jdock.daemon.logging;

import dev.jdock.daemon.errors.EngineException;
import java.util.List;

/**
 * log-opt {@code tag}: moby's {@code loggerutils.ParseLogTag} with no default template (json-file's: no tag unless
 * one is asked for), a Go template over {@code logger.Info}. jdock takes its text and the actions that name one of
 * Info's values, {@code {{.Name}}} or {@code {{ .ID }}}; any other action (pipelines, functions) is refused.
 */
public final class LogTag {

    /** What a tag may name, as moby's logger.Info has it. */
    public record Info(String fullId, String name, String imageFullId, String imageName, String path,
            List<String> args, String hostname) {
    }

    private LogTag() {
    }

    /** The tag of {@code template} (null or "": none). */
    public static String expand(String template, Info info) {
        if (template == null || template.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (true) {
            int open = template.indexOf("{{", at);
            if (open < 0) {
                return out.append(template, at, template.length()).toString();
            }
            int close = template.indexOf("}}", open + 2);
            if (close < 0) {
                throw failed("template: log-tag:1: unclosed action");
            }
            out.append(template, at, open).append(value(template.substring(open + 2, close).strip(), info));
            at = close + 2;
        }
    }

    /** {@link #expand}, or "" for a template it refuses. */
    static String expandOrNone(String template, Info info) {
        try {
            return expand(template, info);
        } catch (EngineException e) {
            return "";
        }
    }

    private static String value(String action, Info info) {
        return switch (action) {
            case ".ID" -> shortId(info.fullId());
            case ".FullID", ".ContainerID" -> info.fullId();
            case ".Name" -> info.name().startsWith("/") ? info.name().substring(1) : info.name();
            case ".ContainerName" -> info.name();
            // moby cuts the image ID string as it is, "sha256:" included
            case ".ImageID" -> shortId(info.imageFullId());
            case ".ImageFullID", ".ContainerImageID" -> info.imageFullId();
            case ".ImageName", ".ContainerImageName" -> info.imageName();
            case ".DaemonName" -> "docker";
            case ".Hostname" -> info.hostname();
            case ".Command" -> {
                StringBuilder b = new StringBuilder(info.path());
                info.args().forEach(a -> b.append(' ').append(a));
                yield b.toString();
            }
            default -> throw failed("template: log-tag: jdock expands only {{.Field}} of a log tag (ID, FullID, "
                    + "Name, ImageID, ImageFullID, ImageName, DaemonName, Hostname, Command), not {{" + action + "}}");
        };
    }

    private static String shortId(String id) {
        return id.length() > 12 ? id.substring(0, 12) : id;
    }

    private static EngineException failed(String why) {
        return EngineException.invalid(LogAttrs.INIT_FAILED + why);
    }
}
