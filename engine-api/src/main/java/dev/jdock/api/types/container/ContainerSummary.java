package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * One element of {@code GET /containers/json} ({@code docker ps}).
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record ContainerSummary(
        @JsonProperty("Id") String id,
        @JsonProperty("Names") List<String> names,
        @JsonProperty("Image") String image,
        @JsonProperty("ImageID") String imageId,
        @JsonProperty("Command") String command,
        @JsonProperty("Created") long created,
        @JsonProperty("Ports") List<Port> ports,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("SizeRw") Long sizeRw,
        @JsonInclude(JsonInclude.Include.NON_DEFAULT) @JsonProperty("SizeRootFs") Long sizeRootFs,
        @JsonProperty("Labels") Map<String,String> labels,
        @JsonProperty("State") String state,
        @JsonProperty("Status") String status,
        @JsonProperty("HostConfig") ContainerSummary.SummaryHostConfig hostConfig,
        @JsonProperty("NetworkSettings") ContainerSummary.SummaryNetworkSettings networkSettings,
        @JsonProperty("Mounts") List<MountPoint> mounts) {

    public ContainerSummary {
        id = id == null ? "" : id;
        image = image == null ? "" : image;
        imageId = imageId == null ? "" : imageId;
        command = command == null ? "" : command;
        state = state == null ? "" : state;
        status = status == null ? "" : status;
    }

    /** {@code HostConfig} of a summary: only the network mode (and annotations from 1.46). */
    public record SummaryHostConfig(
            @JsonProperty("NetworkMode") String networkMode,
            @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Annotations") Map<String, String> annotations) {
    }

    /** {@code NetworkSettings} of a summary: the endpoints per network name. */
    public record SummaryNetworkSettings(@JsonProperty("Networks") Map<String, EndpointSettings> networks) {
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.names = names;
        b.image = image;
        b.imageId = imageId;
        b.command = command;
        b.created = created;
        b.ports = ports;
        b.sizeRw = sizeRw;
        b.sizeRootFs = sizeRootFs;
        b.labels = labels;
        b.state = state;
        b.status = status;
        b.hostConfig = hostConfig;
        b.networkSettings = networkSettings;
        b.mounts = mounts;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private String id;
        private List<String> names;
        private String image;
        private String imageId;
        private String command;
        private long created;
        private List<Port> ports;
        private Long sizeRw;
        private Long sizeRootFs;
        private Map<String,String> labels;
        private String state;
        private String status;
        private ContainerSummary.SummaryHostConfig hostConfig;
        private ContainerSummary.SummaryNetworkSettings networkSettings;
        private List<MountPoint> mounts;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder names(List<String> names) {
            this.names = names;
            return this;
        }

        public Builder image(String image) {
            this.image = image;
            return this;
        }

        public Builder imageId(String imageId) {
            this.imageId = imageId;
            return this;
        }

        public Builder command(String command) {
            this.command = command;
            return this;
        }

        public Builder created(long created) {
            this.created = created;
            return this;
        }

        public Builder ports(List<Port> ports) {
            this.ports = ports;
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

        public Builder labels(Map<String,String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder state(String state) {
            this.state = state;
            return this;
        }

        public Builder status(String status) {
            this.status = status;
            return this;
        }

        public Builder hostConfig(ContainerSummary.SummaryHostConfig hostConfig) {
            this.hostConfig = hostConfig;
            return this;
        }

        public Builder networkSettings(ContainerSummary.SummaryNetworkSettings networkSettings) {
            this.networkSettings = networkSettings;
            return this;
        }

        public Builder mounts(List<MountPoint> mounts) {
            this.mounts = mounts;
            return this;
        }

        public ContainerSummary build() {
            return new ContainerSummary(id, names, image, imageId, command, created, ports, sizeRw, sizeRootFs, labels, state, status, hostConfig, networkSettings, mounts);
        }
    }
}
