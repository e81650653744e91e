package dev.jdock.daemon.container;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.runtime.cgroup.CgroupParent;
import java.util.List;

/**
 * What a container is, fixed at create time (rename and update replace it): stored as
 * {@code containers/<id>/config.json}.
 *
 * @param name without the leading slash
 * @param imageId the image's ID ({@code sha256:<hex>})
 * @param config the merged config (image defaults + request)
 * @param podLink the pod sandbox of a Kubernetes CRI container, null for every other container
 */
public record ContainerRecord(
        @JsonProperty("Id") String id,
        @JsonProperty("Name") String name,
        @JsonProperty("Created") String created,
        @JsonProperty("Path") String path,
        @JsonProperty("Args") List<String> args,
        @JsonProperty("ImageId") String imageId,
        @JsonProperty("Config") ContainerConfig config,
        @JsonProperty("HostConfig") HostConfig hostConfig,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("PodLink") PodLink podLink) {

    public ContainerRecord {
        args = args == null ? List.of() : List.copyOf(args);
    }

    /** A container of the Engine API: no pod link. */
    public ContainerRecord(String id, String name, String created, String path, List<String> args, String imageId,
            ContainerConfig config, HostConfig hostConfig) {
        this(id, name, created, path, args, imageId, config, hostConfig, null);
    }

    /**
     * The cgroup the container's cgroups are made in: {@code HostConfig.CgroupParent} (checked at create), else
     * {@code /jdock}, also for records written before CgroupParent was honoured.
     */
    @JsonIgnore
    public CgroupParent cgroupParent() {
        return CgroupParent.parse(hostConfig == null ? null : hostConfig.cgroupParent());
    }

    public ContainerRecord withName(String newName) {
        return new ContainerRecord(id, newName, created, path, args, imageId, config, hostConfig, podLink);
    }

    public ContainerRecord withConfig(ContainerConfig cfg) {
        return new ContainerRecord(id, name, created, path, args, imageId, cfg, hostConfig, podLink);
    }

    public ContainerRecord withHostConfig(HostConfig hc) {
        return new ContainerRecord(id, name, created, path, args, imageId, config, hc, podLink);
    }
}
