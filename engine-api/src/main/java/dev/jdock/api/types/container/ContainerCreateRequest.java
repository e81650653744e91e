package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The body of {@code POST /containers/create}: every {@link ContainerConfig} field at top level plus {@code HostConfig} and {@code NetworkingConfig}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record ContainerCreateRequest(
        @JsonProperty("Hostname") String hostname,
        @JsonProperty("Domainname") String domainname,
        @JsonProperty("User") String user,
        @JsonProperty("AttachStdin") boolean attachStdin,
        @JsonProperty("AttachStdout") boolean attachStdout,
        @JsonProperty("AttachStderr") boolean attachStderr,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ExposedPorts") Map<String,Map<String,Object>> exposedPorts,
        @JsonProperty("Tty") boolean tty,
        @JsonProperty("OpenStdin") boolean openStdin,
        @JsonProperty("StdinOnce") boolean stdinOnce,
        @JsonProperty("Env") List<String> env,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @JsonProperty("Cmd") List<String> cmd,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Healthcheck") HealthConfig healthcheck,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("ArgsEscaped") Boolean argsEscaped,
        @JsonProperty("Image") String image,
        @JsonProperty("Volumes") Map<String,Map<String,Object>> volumes,
        @JsonProperty("WorkingDir") String workingDir,
        @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @JsonProperty("Entrypoint") List<String> entrypoint,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("NetworkDisabled") Boolean networkDisabled,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("MacAddress") String macAddress,
        @JsonProperty("OnBuild") List<String> onBuild,
        @JsonProperty("Labels") Map<String,String> labels,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopSignal") String stopSignal,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StopTimeout") Long stopTimeout,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonFormat(with = JsonFormat.Feature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
        @JsonProperty("Shell") List<String> shell,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("NetworkingConfig") NetworkingConfig networkingConfig) {

    public ContainerCreateRequest {
        hostname = hostname == null ? "" : hostname;
        domainname = domainname == null ? "" : domainname;
        user = user == null ? "" : user;
        image = image == null ? "" : image;
        workingDir = workingDir == null ? "" : workingDir;
    }

    /** The portable part of this request, as stored in the container's {@code Config}. */
    public ContainerConfig toConfig() {
        return new ContainerConfig(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts,
                tty, openStdin, stdinOnce, env, cmd, healthcheck, argsEscaped, image, volumes, workingDir, entrypoint,
                networkDisabled, macAddress, onBuild, labels, stopSignal, stopTimeout, shell);
    }

    /** Flattens a config plus host and networking config into a create body. */
    public static ContainerCreateRequest of(ContainerConfig c, HostConfig hostConfig, NetworkingConfig networkingConfig) {
        return new ContainerCreateRequest(c.hostname(), c.domainname(), c.user(), c.attachStdin(), c.attachStdout(),
                c.attachStderr(), c.exposedPorts(), c.tty(), c.openStdin(), c.stdinOnce(), c.env(), c.cmd(),
                c.healthcheck(), c.argsEscaped(), c.image(), c.volumes(), c.workingDir(), c.entrypoint(),
                c.networkDisabled(), c.macAddress(), c.onBuild(), c.labels(), c.stopSignal(), c.stopTimeout(),
                c.shell(), hostConfig, networkingConfig);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.hostname = hostname;
        b.domainname = domainname;
        b.user = user;
        b.attachStdin = attachStdin;
        b.attachStdout = attachStdout;
        b.attachStderr = attachStderr;
        b.exposedPorts = exposedPorts;
        b.tty = tty;
        b.openStdin = openStdin;
        b.stdinOnce = stdinOnce;
        b.env = env;
        b.cmd = cmd;
        b.healthcheck = healthcheck;
        b.argsEscaped = argsEscaped;
        b.image = image;
        b.volumes = volumes;
        b.workingDir = workingDir;
        b.entrypoint = entrypoint;
        b.networkDisabled = networkDisabled;
        b.macAddress = macAddress;
        b.onBuild = onBuild;
        b.labels = labels;
        b.stopSignal = stopSignal;
        b.stopTimeout = stopTimeout;
        b.shell = shell;
        b.hostConfig = hostConfig;
        b.networkingConfig = networkingConfig;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private String hostname;
        private String domainname;
        private String user;
        private boolean attachStdin;
        private boolean attachStdout;
        private boolean attachStderr;
        private Map<String,Map<String,Object>> exposedPorts;
        private boolean tty;
        private boolean openStdin;
        private boolean stdinOnce;
        private List<String> env;
        private List<String> cmd;
        private HealthConfig healthcheck;
        private Boolean argsEscaped;
        private String image;
        private Map<String,Map<String,Object>> volumes;
        private String workingDir;
        private List<String> entrypoint;
        private Boolean networkDisabled;
        private String macAddress;
        private List<String> onBuild;
        private Map<String,String> labels;
        private String stopSignal;
        private Long stopTimeout;
        private List<String> shell;
        private HostConfig hostConfig;
        private NetworkingConfig networkingConfig;

        private Builder() {
        }

        public Builder hostname(String hostname) {
            this.hostname = hostname;
            return this;
        }

        public Builder domainname(String domainname) {
            this.domainname = domainname;
            return this;
        }

        public Builder user(String user) {
            this.user = user;
            return this;
        }

        public Builder attachStdin(boolean attachStdin) {
            this.attachStdin = attachStdin;
            return this;
        }

        public Builder attachStdout(boolean attachStdout) {
            this.attachStdout = attachStdout;
            return this;
        }

        public Builder attachStderr(boolean attachStderr) {
            this.attachStderr = attachStderr;
            return this;
        }

        public Builder exposedPorts(Map<String,Map<String,Object>> exposedPorts) {
            this.exposedPorts = exposedPorts;
            return this;
        }

        public Builder tty(boolean tty) {
            this.tty = tty;
            return this;
        }

        public Builder openStdin(boolean openStdin) {
            this.openStdin = openStdin;
            return this;
        }

        public Builder stdinOnce(boolean stdinOnce) {
            this.stdinOnce = stdinOnce;
            return this;
        }

        public Builder env(List<String> env) {
            this.env = env;
            return this;
        }

        public Builder cmd(List<String> cmd) {
            this.cmd = cmd;
            return this;
        }

        public Builder healthcheck(HealthConfig healthcheck) {
            this.healthcheck = healthcheck;
            return this;
        }

        public Builder argsEscaped(Boolean argsEscaped) {
            this.argsEscaped = argsEscaped;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder volumes(Map<String,Map<String,Object>> volumes) {
            this.volumes = volumes;
            return this;
        }

        public Builder workingDir(String workingDir) {
            this.workingDir = workingDir;
            return this;
        }

        public Builder entrypoint(List<String> entrypoint) {
            this.entrypoint = entrypoint;
            return this;
        }

        public Builder networkDisabled(Boolean networkDisabled) {
            this.networkDisabled = networkDisabled;
            return this;
        }

        public Builder macAddress(String macAddress) {
            this.macAddress = macAddress;
            return this;
        }

        public Builder onBuild(List<String> onBuild) {
            this.onBuild = onBuild;
            return this;
        }

        public Builder labels(Map<String,String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder stopSignal(String stopSignal) {
            this.stopSignal = stopSignal;
            return this;
        }

        public Builder stopTimeout(Long stopTimeout) {
            this.stopTimeout = stopTimeout;
            return this;
        }

        public Builder shell(List<String> shell) {
            this.shell = shell;
            return this;
        }

        public Builder hostConfig(HostConfig hostConfig) {
            this.hostConfig = hostConfig;
            return this;
        }

        public Builder networkingConfig(NetworkingConfig networkingConfig) {
            this.networkingConfig = networkingConfig;
            return this;
        }

        public ContainerCreateRequest build() {
            return new ContainerCreateRequest(hostname, domainname, user, attachStdin, attachStdout, attachStderr, exposedPorts, tty, openStdin, stdinOnce, env, cmd, healthcheck, argsEscaped, image, volumes, workingDir, entrypoint, networkDisabled, macAddress, onBuild, labels, stopSignal, stopTimeout, shell, hostConfig, networkingConfig);
        }
    }
}
