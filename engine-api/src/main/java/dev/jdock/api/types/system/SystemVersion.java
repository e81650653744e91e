package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Response of {@code GET /version}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record SystemVersion(
        @JsonProperty("Platform") SystemVersion.Platform platform,
        @JsonProperty("Components") List<SystemVersion.Component> components,
        @JsonProperty("Version") String version,
        @JsonProperty("ApiVersion") String apiVersion,
        @JsonProperty("MinAPIVersion") String minApiVersion,
        @JsonProperty("GitCommit") String gitCommit,
        @JsonProperty("GoVersion") String goVersion,
        @JsonProperty("Os") String os,
        @JsonProperty("Arch") String arch,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("KernelVersion") String kernelVersion,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Experimental") Boolean experimental,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("BuildTime") String buildTime) {

    public SystemVersion {
        version = version == null ? "" : version;
        apiVersion = apiVersion == null ? "" : apiVersion;
        minApiVersion = minApiVersion == null ? "" : minApiVersion;
        gitCommit = gitCommit == null ? "" : gitCommit;
        goVersion = goVersion == null ? "" : goVersion;
        os = os == null ? "" : os;
        arch = arch == null ? "" : arch;
    }

    /** The product name, e.g. {@code jdock Engine}. */
    public record Platform(@JsonProperty("Name") String name) {
    }

    /** One component (Engine, runtime…); Details is free-form. */
    public record Component(
            @JsonProperty("Name") String name,
            @JsonProperty("Version") String version,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Details") Map<String, String> details) {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.platform = platform;
        b.components = components;
        b.version = version;
        b.apiVersion = apiVersion;
        b.minApiVersion = minApiVersion;
        b.gitCommit = gitCommit;
        b.goVersion = goVersion;
        b.os = os;
        b.arch = arch;
        b.kernelVersion = kernelVersion;
        b.experimental = experimental;
        b.buildTime = buildTime;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private SystemVersion.Platform platform;
        private List<SystemVersion.Component> components;
        private String version;
        private String apiVersion;
        private String minApiVersion;
        private String gitCommit;
        private String goVersion;
        private String os;
        private String arch;
        private String kernelVersion;
        private Boolean experimental;
        private String buildTime;

        private Builder() {
        }

        public Builder platform(SystemVersion.Platform platform) {
            this.platform = platform;
            return this;
        }

        public Builder components(List<SystemVersion.Component> components) {
            this.components = components;
            return this;
        }

        public Builder version(String version) {
            this.version = version;
            return this;
        }

        public Builder apiVersion(String apiVersion) {
            this.apiVersion = apiVersion;
            return this;
        }

        public Builder minApiVersion(String minApiVersion) {
            this.minApiVersion = minApiVersion;
            return this;
        }

        public Builder gitCommit(String gitCommit) {
            this.gitCommit = gitCommit;
            return this;
        }

        public Builder goVersion(String goVersion) {
            this.goVersion = goVersion;
            return this;
        }

        public Builder os(String os) {
            this.os = os;
            return this;
        }

        public Builder arch(String arch) {
            this.arch = arch;
            return this;
        }

        public Builder kernelVersion(String kernelVersion) {
            this.kernelVersion = kernelVersion;
            return this;
        }

        public Builder experimental(Boolean experimental) {
            this.experimental = experimental;
            return this;
        }

        public Builder buildTime(String buildTime) {
            this.buildTime = buildTime;
            return this;
        }

        public SystemVersion build() {
            return new SystemVersion(platform, components, version, apiVersion, minApiVersion, gitCommit, goVersion, os, arch, kernelVersion, experimental, buildTime);
        }
    }
}
