package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import java.util.Locale;

/**
 * {@code POST /containers/create?platform=}: moby's GetImage with a platform, for an image store that keeps one
 * platform per image. The image must be for the asked OS and architecture (a variant counts only when both name
 * one); otherwise 404 with moby's words, which the docker CLI answers by pulling that platform.
 */
final class ImagePlatforms {
    private ImagePlatforms() {
    }

    /** {@code actual} is the image's {os, architecture, variant}; nothing is checked when either side is absent. */
    static void check(String reference, String wanted, String[] actual) {
        if (wanted == null || wanted.isEmpty() || actual == null) {
            return;
        }
        String[] w = parse(wanted);
        String os = lower(actual[0], "linux");
        String arch = arch(lower(actual[1], ""));
        String variant = lower(actual[2], "");
        boolean variants = w[2].isEmpty() || variant.isEmpty() || w[2].equals(variant);
        if (!w[0].equals(os) || !w[1].equals(arch) || !variants) {
            throw EngineException.notFound("image with reference " + reference + " was found but does not match the "
                    + "specified platform: wanted " + format(w) + ", actual: "
                    + format(new String[] {os, arch, variant}));
        }
    }

    /** {@code os[/arch[/variant]]} as the API gives it, lower case, the usual architecture aliases normalised. */
    static String[] parse(String text) {
        String[] p = text.toLowerCase(Locale.ROOT).split("/");
        if (p.length > 3 || p[0].isEmpty()) {
            throw EngineException.invalid("\"" + text + "\": unknown operating system or architecture: invalid "
                    + "argument");
        }
        return new String[] {p[0], p.length > 1 ? arch(p[1]) : "amd64", p.length > 2 ? p[2] : ""};
    }

    private static String arch(String a) {
        return switch (a) {
            case "x86_64", "x86-64" -> "amd64";
            case "aarch64" -> "arm64";
            case "i386" -> "386";
            default -> a;
        };
    }

    private static String lower(String s, String dflt) {
        return s == null || s.isEmpty() ? dflt : s.toLowerCase(Locale.ROOT);
    }

    private static String format(String[] p) {
        return p[0] + "/" + p[1] + (p[2].isEmpty() ? "" : "/" + p[2]);
    }
}
