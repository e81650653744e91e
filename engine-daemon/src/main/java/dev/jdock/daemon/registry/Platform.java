package dev.jdock.daemon.registry;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.daemon.errors.EngineException;
import java.util.Locale;

/** An OCI platform ({@code linux/amd64}, {@code linux/arm64/v8}); {@code variant} may be null. */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(
        @JsonProperty("architecture") String architecture,
        @JsonProperty("os") String os,
        @JsonProperty("variant") String variant) {

    /** The host's platform in OCI terms (Java's {@code os.arch} mapped to GOARCH). */
    public static Platform host() {
        String arch = switch (System.getProperty("os.arch", "amd64")) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64", "arm64" -> "arm64";
            case "arm" -> "arm";
            case "x86", "i386", "i686" -> "386";
            case "ppc64le" -> "ppc64le";
            case "s390x" -> "s390x";
            case "riscv64" -> "riscv64";
            default -> System.getProperty("os.arch");
        };
        return new Platform(arch, "linux", null);
    }

    /** Parses {@code os[/arch[/variant]]} as {@code --platform} does; empty means the host's. */
    public static Platform parse(String text) {
        if (text == null || text.isBlank()) {
            return host();
        }
        String[] p = text.toLowerCase(Locale.ROOT).split("/");
        if (p.length > 3 || p[0].isEmpty()) {
            throw EngineException.invalid("\"" + text + "\": unknown operating system or architecture: "
                    + "invalid argument");
        }
        String arch = p.length > 1 ? p[1] : host().architecture();
        String variant = p.length > 2 ? p[2] : null;
        if (arch.equals("aarch64")) {
            arch = "arm64";
        } else if (arch.equals("x86_64") || arch.equals("x86-64")) {
            arch = "amd64";
        }
        return new Platform(arch, p[0], variant);
    }

    /** Whether a manifest list entry for {@code other} runs here (variant ignored when this one has none). */
    public boolean matches(Platform other) {
        if (other == null || !os.equals(other.os()) || !architecture.equals(other.architecture())) {
            return false;
        }
        if (variant == null) {
            return true;
        }
        String v = other.variant() == null && architecture.equals("arm64") ? "v8" : other.variant();
        return variant.equals(v);
    }

    @Override
    public String toString() {
        return os + "/" + architecture + (variant != null ? "/" + variant : "");
    }
}
