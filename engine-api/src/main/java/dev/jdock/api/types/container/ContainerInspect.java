package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Response of {@code GET /containers/{id}/json}.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record ContainerInspect(
        @JsonProperty("Id") String id,
        @JsonProperty("Created") String created,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("State") ContainerState state,
        @JsonProperty("Image") String image,
        @JsonProperty("ResolvConfPath") String resolvConfPath,
        @JsonProperty("HostnamePath") String hostnamePath,
        @JsonProperty("HostsPath") String hostsPath,
        @JsonProperty("LogPath") String logPath,
        @JsonProperty("Name") String name,
        @JsonProperty("RestartCount") int restartCount,
        @JsonProperty("Driver") String driver,
        @JsonProperty("Platform") String platform,
        @JsonProperty("MountLabel") String mountLabel,
        @JsonProperty("ProcessLabel") String processLabel,
        @JsonProperty("AppArmorProfile") String appArmorProfile,
        @JsonProperty("ExecIDs") List<String> execIds,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonProperty("GraphDriver") GraphDriver graphDriver,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRw") Long sizeRw,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("SizeRootFs") Long sizeRootFs,
        @JsonProperty("Mounts") List<MountPoint> mounts,
        @JsonProperty("Config") ContainerConfig config,
        @JsonProperty("NetworkSettings") NetworkSettings networkSettings) {

    public ContainerInspect {
        id = id == null ? "" : id;
        created = created == null ? "" : created;
        path = path == null ? "" : path;
        image = image == null ? "" : image;
        resolvConfPath = resolvConfPath == null ? "" : resolvConfPath;
        hostnamePath = hostnamePath == null ? "" : hostnamePath;
        hostsPath = hostsPath == null ? "" : hostsPath;
        logPath = logPath == null ? "" : logPath;
        name = name == null ? "" : name;
        driver = driver == null ? "" : driver;
        platform = platform == null ? "" : platform;
        mountLabel = mountLabel == null ? "" : mountLabel;
        processLabel = processLabel == null ? "" : processLabel;
        appArmorProfile = appArmorProfile == null ? "" : appArmorProfile;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.created = created;
        b.path = path;
        b.args = args;
        b.state = state;
        b.image = image;
        b.resolvConfPath = resolvConfPath;
        b.hostnamePath = hostnamePath;
        b.hostsPath = hostsPath;
        b.logPath = logPath;
        b.name = name;
        b.restartCount = restartCount;
        b.driver = driver;
        b.platform = platform;
        b.mountLabel = mountLabel;
        b.processLabel = processLabel;
        b.appArmorProfile = appArmorProfile;
        b.execIds = execIds;
        b.hostConfig = hostConfig;
        b.graphDriver = graphDriver;
        b.sizeRw = sizeRw;
        b.sizeRootFs = sizeRootFs;
        b.mounts = mounts;
        b.config = config;
        b.networkSettings = networkSettings;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private String id;
        private String created;
        private String path;
        private List<String> args;
        private ContainerState state;
        private String image;
        private String resolvConfPath;
        private String hostnamePath;
        private String hostsPath;
        private String logPath;
        private String name;
        private int restartCount;
        private String driver;
        private String platform;
        private String mountLabel;
        private String processLabel;
        private String appArmorProfile;
        private List<String> execIds;
        private HostConfig hostConfig;
        private GraphDriver graphDriver;
        private Long sizeRw;
        private Long sizeRootFs;
        private List<MountPoint> mounts;
        private ContainerConfig config;
        private NetworkSettings networkSettings;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder created(String created) {
            this.created = created;
            return this;
        }

        public Builder path(String path) {
            this.path = path;
            return this;
        }

        public Builder args(List<String> args) {
            this.args = args;
            return this;
        }

        public Builder state(ContainerState state) {
            this.state = state;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder resolvConfPath(String resolvConfPath) {
            this.resolvConfPath = resolvConfPath;
            return this;
        }

        public Builder hostnamePath(String hostnamePath) {
            this.hostnamePath = hostnamePath;
            return this;
        }

        public Builder hostsPath(String hostsPath) {
            this.hostsPath = hostsPath;
            return this;
        }

        public Builder logPath(String logPath) {
            this.logPath = logPath;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder restartCount(int restartCount) {
            this.restartCount = restartCount;
            return this;
        }

        public Builder driver(String driver) {
            this.driver = driver;
            return this;
        }

        public Builder platform(String platform) {
            this.platform = platform;
            return this;
        }

        public Builder mountLabel(String mountLabel) {
            this.mountLabel = mountLabel;
            return this;
        }

        public Builder processLabel(String processLabel) {
            this.processLabel = processLabel;
            return this;
        }

        public Builder appArmorProfile(String appArmorProfile) {
            this.appArmorProfile = appArmorProfile;
            return this;
        }

        public Builder execIds(List<String> execIds) {
            this.execIds = execIds;
            return this;
        }

        public Builder hostConfig(HostConfig hostConfig) {
            this.hostConfig = hostConfig;
            return this;
        }

        public Builder graphDriver(GraphDriver graphDriver) {
            this.graphDriver = graphDriver;
            return this;
        }

        public Builder sizeRw(Long sizeRw) {
            this.sizeRw = sizeRw;
            return this;
        }

        public Builder sizeRootFs(Long sizeRootFs) {
            this.sizeRootFs = sizeRootFs;
            return this;
        }

        public Builder mounts(List<MountPoint> mounts) {
            this.mounts = mounts;
            return this;
        }

        public Builder config(ContainerConfig config) {
            this.config = config;
            return this;
        }

        public Builder networkSettings(NetworkSettings networkSettings) {
            this.networkSettings = networkSettings;
            return this;
        }

        public ContainerInspect build() {
            return new ContainerInspect(id, created, path, args, state, image, resolvConfPath, hostnamePath, hostsPath, logPath, name, restartCount, driver, platform, mountLabel, processLabel, appArmorProfile, execIds, hostConfig, graphDriver, sizeRw, sizeRootFs, mounts, config, networkSettings);
        }
    }
}
