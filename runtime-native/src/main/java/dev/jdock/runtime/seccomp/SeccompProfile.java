package dev.jdock.runtime.seccomp;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Docker's seccomp profile format (moby {@code profiles/seccomp} types), as read from
 * {@code --security-opt seccomp=/path/profile.json} or the built-in {@link #dockerDefault()}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeccompProfile(
        String defaultAction,
        Integer defaultErrnoRet,
        List<String> architectures,
        List<ArchMap> archMap,
        List<Syscall> syscalls) {

    private static final ObjectMapper MAPPER =
            new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    private static final String DEFAULT_RESOURCE = "/dev/jdock/runtime/seccomp/default.json";

    public SeccompProfile {
        architectures = architectures == null ? List.of() : List.copyOf(architectures);
        archMap = archMap == null ? List.of() : List.copyOf(archMap);
        syscalls = syscalls == null ? List.of() : List.copyOf(syscalls);
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ArchMap(String architecture, List<String> subArchitectures) {
        public ArchMap {
            subArchitectures = subArchitectures == null ? List.of() : List.copyOf(subArchitectures);
        }
    }

    /** One rule; {@code name} is the legacy single-name form, {@code names} the current one. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Syscall(
            String name,
            List<String> names,
            String action,
            Integer errnoRet,
            List<Arg> args,
            String comment,
            Filter includes,
            Filter excludes) {

        public Syscall {
            names = names == null ? List.of() : List.copyOf(names);
            args = args == null ? List.of() : List.copyOf(args);
            includes = includes == null ? Filter.NONE : includes;
            excludes = excludes == null ? Filter.NONE : excludes;
        }

        /** {@code names} plus the legacy {@code name}. */
        public List<String> allNames() {
            if (name == null || name.isEmpty()) {
                return names;
            }
            return java.util.stream.Stream.concat(java.util.stream.Stream.of(name), names.stream()).toList();
        }
    }

    /** An argument comparison; for SCMP_CMP_MASKED_EQ, {@code value} is the mask and {@code valueTwo} the datum. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Arg(int index, long value, long valueTwo, String op) {}

    @JsonIgnoreProperties(ignoreUnknown = true)
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Filter(List<String> caps, List<String> arches, String minKernel) {
        public static final Filter NONE = new Filter(null, null, null);

        public Filter {
            caps = caps == null ? List.of() : List.copyOf(caps);
            arches = arches == null ? List.of() : List.copyOf(arches);
        }
    }

    /** Docker's default profile (moby {@code profiles/seccomp/default.json}, bundled as a resource). */
    public static SeccompProfile dockerDefault() {
        return parse(dockerDefaultJson());
    }

    /** The bytes of Docker's default profile. */
    public static byte[] dockerDefaultJson() {
        try (InputStream in = SeccompProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + DEFAULT_RESOURCE);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses a profile; throws IllegalArgumentException on malformed JSON. */
    public static SeccompProfile parse(byte[] json) {
        try {
            return MAPPER.readValue(json, SeccompProfile.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("invalid seccomp profile: " + e.getMessage(), e);
        }
    }

    public byte[] toJson() {
        try {
            return MAPPER.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
