package dev.jdock.cli.plugin;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The plugins in {@code jdock --help} as the docker CLI lists them: each valid one among the Management Commands
 * as {@code NAME*} with its ShortDescription, the invalid ones in an "Invalid Plugins" section with the reason.
 */
public final class PluginHelp {
    /** cobra's minimum name column. */
    private static final int MIN_PAD = 11;

    private PluginHelp() {
    }

    /** The valid plugins' Management Commands entries: {@code NAME*} to its ShortDescription. */
    public static Map<String, String> managementEntries(List<Plugin> plugins) {
        Map<String, String> out = new TreeMap<>();
        for (Plugin p : plugins) {
            if (p.valid()) {
                out.put(p.name() + "*", p.shortDescription());
            }
        }
        return out;
    }

    /** "\nInvalid Plugins:\n  NAME  reason\n..." or "" when every plugin is valid. */
    public static String invalidSection(List<Plugin> plugins) {
        StringBuilder sb = new StringBuilder();
        for (Plugin p : plugins) {
            if (!p.valid()) {
                if (sb.length() == 0) {
                    sb.append("\nInvalid Plugins:\n");
                }
                sb.append("  ").append(p.name()).append(" ".repeat(Math.max(0, MIN_PAD - p.name().length())))
                        .append(' ').append(p.error()).append('\n');
            }
        }
        return sb.toString();
    }
}
