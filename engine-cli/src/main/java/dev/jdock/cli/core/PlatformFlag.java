package dev.jdock.cli.core;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * {@code --platform} of run/create, parsed as the docker CLI's containerd/platforms does and sent in the form its
 * client sends ({@code os/arch[/variant]}, lower case, aliases such as {@code aarch64} or {@code x86_64}
 * normalised; a lone OS or architecture completed with this host's).
 */
public final class PlatformFlag {
    /** Compiled on first use (a --platform), not by every run. */
    private static final class Component {
        static final Pattern COMPONENT = Pattern.compile("^[A-Za-z0-9_.-]+$");
    }
    private static final Set<String> OSES = Set.of("aix", "android", "darwin", "dragonfly", "freebsd", "hurd",
            "illumos", "ios", "js", "linux", "nacl", "netbsd", "openbsd", "plan9", "solaris", "wasip1", "windows",
            "zos");
    private static final Set<String> ARCHES = Set.of("386", "amd64", "amd64p32", "arm", "armbe", "arm64",
            "arm64be", "loong64", "mips", "mipsle", "mips64", "mips64le", "mips64p32", "mips64p32le", "ppc", "ppc64",
            "ppc64le", "riscv", "riscv64", "s390", "s390x", "sparc", "sparc64", "wasm");

    private PlatformFlag() {
    }

    /** The platform to send, or null for none; a specifier that does not parse is docker's error (exit 125). */
    public static String normalize(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        String[] parts = text.toLowerCase(Locale.ROOT).split("/", -1);
        for (String p : parts) {
            if (!Component.COMPONENT.matcher(p).matches()) {
                throw error("\"" + p + "\" is an invalid component of \"" + text + "\": platform specifier component "
                        + "must match \"^[A-Za-z0-9_.-]+$\": invalid argument");
            }
        }
        if (parts.length > 3) {
            throw error("\"" + text + "\": cannot parse platform specifier: invalid argument");
        }
        if (parts.length == 1) {
            String os = os(parts[0]);
            if (OSES.contains(os)) {
                return os + "/" + hostArch();
            }
            String[] arch = arch(parts[0], "");
            if (!ARCHES.contains(arch[0])) {
                throw error("\"" + text + "\": unknown operating system or architecture: invalid argument");
            }
            return join("linux", arch);
        }
        return join(os(parts[0]), arch(parts[1], parts.length > 2 ? parts[2] : ""));
    }

    /**
     * save/load's {@code platform} query: the OCI platform as JSON ({@code {"architecture":"amd64","os":"linux"}}),
     * parsed as containerd's platforms.Parse (an arm64 variant given as a third part is kept, v8 when empty); a bad
     * specifier is docker's {@code invalid platform: ...} (exit 1).
     */
    public static String ociJson(String text) {
        String norm;
        try {
            norm = normalize(text);
        } catch (CliException e) {
            throw new CliException(1, "invalid platform: " + e.getMessage().substring(
                    "jdock: error parsing specified platform: ".length()));
        }
        String[] p = norm.split("/", -1);
        String variant = p.length > 2 ? p[2] : "";
        if (text.split("/", -1).length == 3 && p[1].equals("arm64") && variant.isEmpty()) {
            variant = "v8";
        }
        return "{\"architecture\":" + Args.goQuote(p[1]) + ",\"os\":"
                + Args.goQuote(p[0])
                + (variant.isEmpty() ? "" : ",\"variant\":" + Args.goQuote(variant)) + "}";
    }

    private static CliException error(String why) {
        return new CliException(125, "jdock: error parsing specified platform: " + why);
    }

    private static String join(String os, String[] arch) {
        return os + "/" + arch[0] + (arch[1].isEmpty() ? "" : "/" + arch[1]);
    }

    private static String os(String os) {
        return os.equals("macos") ? "darwin" : os;
    }

    /** containerd's normalizeArch: {arch, variant}. */
    private static String[] arch(String arch, String variant) {
        return switch (arch) {
            case "i386" -> new String[] {"386", ""};
            case "x86_64", "x86-64", "amd64" -> new String[] {"amd64", variant.equals("v1") ? "" : variant};
            case "aarch64", "arm64" -> new String[] {"arm64",
                variant.equals("8") || variant.equals("v8") || variant.equals("v8.0") ? "" : variant};
            case "armhf" -> new String[] {"arm", "v7"};
            case "armel" -> new String[] {"arm", "v6"};
            case "arm" -> new String[] {"arm", variant.matches("[5-8]") ? "v" + variant : variant};
            default -> new String[] {arch, variant};
        };
    }

    private static String hostArch() {
        return arch(System.getProperty("os.arch", "amd64"), "")[0];
    }
}
