package dev.jdock.api.types.container;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The non-portable, host-dependent part of a container's configuration. Integers that Go sends as plain ints are primitives (0 = unset); Go pointers are boxed.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record HostConfig(
        @JsonProperty("Binds") List<String> binds,
        @JsonProperty("ContainerIDFile") String containerIdFile,
        @JsonProperty("LogConfig") LogConfig logConfig,
        @JsonProperty("NetworkMode") String networkMode,
        @JsonProperty("PortBindings") Map<String,List<PortBinding>> portBindings,
        @JsonProperty("RestartPolicy") RestartPolicy restartPolicy,
        @JsonProperty("AutoRemove") boolean autoRemove,
        @JsonProperty("VolumeDriver") String volumeDriver,
        @JsonProperty("VolumesFrom") List<String> volumesFrom,
        @JsonProperty("ConsoleSize") List<Integer> consoleSize,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Annotations") Map<String,String> annotations,
        @JsonProperty("CapAdd") List<String> capAdd,
        @JsonProperty("CapDrop") List<String> capDrop,
        @JsonProperty("CgroupnsMode") String cgroupnsMode,
        @JsonProperty("Dns") List<String> dns,
        @JsonProperty("DnsOptions") List<String> dnsOptions,
        @JsonProperty("DnsSearch") List<String> dnsSearch,
        @JsonProperty("ExtraHosts") List<String> extraHosts,
        @JsonProperty("GroupAdd") List<String> groupAdd,
        @JsonProperty("IpcMode") String ipcMode,
        @JsonProperty("Cgroup") String cgroup,
        @JsonProperty("Links") List<String> links,
        @JsonProperty("OomScoreAdj") long oomScoreAdj,
        @JsonProperty("PidMode") String pidMode,
        @JsonProperty("Privileged") boolean privileged,
        @JsonProperty("PublishAllPorts") boolean publishAllPorts,
        @JsonProperty("ReadonlyRootfs") boolean readonlyRootfs,
        @JsonProperty("SecurityOpt") List<String> securityOpt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("StorageOpt") Map<String,String> storageOpt,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Tmpfs") Map<String,String> tmpfs,
        @JsonProperty("UTSMode") String utsMode,
        @JsonProperty("UsernsMode") String usernsMode,
        @JsonProperty("ShmSize") long shmSize,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Sysctls") Map<String,String> sysctls,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Runtime") String runtime,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("CpuShares") long cpuShares,
        @JsonProperty("Memory") long memory,
        @JsonProperty("NanoCpus") long nanoCpus,
        @JsonProperty("CgroupParent") String cgroupParent,
        @JsonProperty("BlkioWeight") int blkioWeight,
        @JsonProperty("BlkioWeightDevice") List<WeightDevice> blkioWeightDevice,
        @JsonProperty("BlkioDeviceReadBps") List<ThrottleDevice> blkioDeviceReadBps,
        @JsonProperty("BlkioDeviceWriteBps") List<ThrottleDevice> blkioDeviceWriteBps,
        @JsonProperty("BlkioDeviceReadIOps") List<ThrottleDevice> blkioDeviceReadIOps,
        @JsonProperty("BlkioDeviceWriteIOps") List<ThrottleDevice> blkioDeviceWriteIOps,
        @JsonProperty("CpuPeriod") long cpuPeriod,
        @JsonProperty("CpuQuota") long cpuQuota,
        @JsonProperty("CpuRealtimePeriod") long cpuRealtimePeriod,
        @JsonProperty("CpuRealtimeRuntime") long cpuRealtimeRuntime,
        @JsonProperty("CpusetCpus") String cpusetCpus,
        @JsonProperty("CpusetMems") String cpusetMems,
        @JsonProperty("Devices") List<DeviceMapping> devices,
        @JsonProperty("DeviceCgroupRules") List<String> deviceCgroupRules,
        @JsonProperty("DeviceRequests") List<DeviceRequest> deviceRequests,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("KernelMemoryTCP") Long kernelMemoryTcp,
        @JsonProperty("MemoryReservation") long memoryReservation,
        @JsonProperty("MemorySwap") long memorySwap,
        @JsonProperty("MemorySwappiness") Long memorySwappiness,
        @JsonProperty("OomKillDisable") Boolean oomKillDisable,
        @JsonProperty("PidsLimit") Long pidsLimit,
        @JsonProperty("Ulimits") List<Ulimit> ulimits,
        @JsonProperty("CpuCount") long cpuCount,
        @JsonProperty("CpuPercent") long cpuPercent,
        @JsonProperty("IOMaximumIOps") long ioMaximumIops,
        @JsonProperty("IOMaximumBandwidth") long ioMaximumBandwidth,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Mounts") List<Mount> mounts,
        @JsonProperty("MaskedPaths") List<String> maskedPaths,
        @JsonProperty("ReadonlyPaths") List<String> readonlyPaths,
        @JsonInclude(JsonInclude.Include.NON_NULL) @JsonProperty("Init") Boolean init) {

    public HostConfig {
        containerIdFile = containerIdFile == null ? "" : containerIdFile;
        networkMode = networkMode == null ? "" : networkMode;
        volumeDriver = volumeDriver == null ? "" : volumeDriver;
        cgroupnsMode = cgroupnsMode == null ? "" : cgroupnsMode;
        ipcMode = ipcMode == null ? "" : ipcMode;
        cgroup = cgroup == null ? "" : cgroup;
        pidMode = pidMode == null ? "" : pidMode;
        utsMode = utsMode == null ? "" : utsMode;
        usernsMode = usernsMode == null ? "" : usernsMode;
        isolation = isolation == null ? "" : isolation;
        cgroupParent = cgroupParent == null ? "" : cgroupParent;
        cpusetCpus = cpusetCpus == null ? "" : cpusetCpus;
        cpusetMems = cpusetMems == null ? "" : cpusetMems;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.binds = binds;
        b.containerIdFile = containerIdFile;
        b.logConfig = logConfig;
        b.networkMode = networkMode;
        b.portBindings = portBindings;
        b.restartPolicy = restartPolicy;
        b.autoRemove = autoRemove;
        b.volumeDriver = volumeDriver;
        b.volumesFrom = volumesFrom;
        b.consoleSize = consoleSize;
        b.annotations = annotations;
        b.capAdd = capAdd;
        b.capDrop = capDrop;
        b.cgroupnsMode = cgroupnsMode;
        b.dns = dns;
        b.dnsOptions = dnsOptions;
        b.dnsSearch = dnsSearch;
        b.extraHosts = extraHosts;
        b.groupAdd = groupAdd;
        b.ipcMode = ipcMode;
        b.cgroup = cgroup;
        b.links = links;
        b.oomScoreAdj = oomScoreAdj;
        b.pidMode = pidMode;
        b.privileged = privileged;
        b.publishAllPorts = publishAllPorts;
        b.readonlyRootfs = readonlyRootfs;
        b.securityOpt = securityOpt;
        b.storageOpt = storageOpt;
        b.tmpfs = tmpfs;
        b.utsMode = utsMode;
        b.usernsMode = usernsMode;
        b.shmSize = shmSize;
        b.sysctls = sysctls;
        b.runtime = runtime;
        b.isolation = isolation;
        b.cpuShares = cpuShares;
        b.memory = memory;
        b.nanoCpus = nanoCpus;
        b.cgroupParent = cgroupParent;
        b.blkioWeight = blkioWeight;
        b.blkioWeightDevice = blkioWeightDevice;
        b.blkioDeviceReadBps = blkioDeviceReadBps;
        b.blkioDeviceWriteBps = blkioDeviceWriteBps;
        b.blkioDeviceReadIOps = blkioDeviceReadIOps;
        b.blkioDeviceWriteIOps = blkioDeviceWriteIOps;
        b.cpuPeriod = cpuPeriod;
        b.cpuQuota = cpuQuota;
        b.cpuRealtimePeriod = cpuRealtimePeriod;
        b.cpuRealtimeRuntime = cpuRealtimeRuntime;
        b.cpusetCpus = cpusetCpus;
        b.cpusetMems = cpusetMems;
        b.devices = devices;
        b.deviceCgroupRules = deviceCgroupRules;
        b.deviceRequests = deviceRequests;
        b.kernelMemoryTcp = kernelMemoryTcp;
        b.memoryReservation = memoryReservation;
        b.memorySwap = memorySwap;
        b.memorySwappiness = memorySwappiness;
        b.oomKillDisable = oomKillDisable;
        b.pidsLimit = pidsLimit;
        b.ulimits = ulimits;
        b.cpuCount = cpuCount;
        b.cpuPercent = cpuPercent;
        b.ioMaximumIops = ioMaximumIops;
        b.ioMaximumBandwidth = ioMaximumBandwidth;
        b.mounts = mounts;
        b.maskedPaths = maskedPaths;
        b.readonlyPaths = readonlyPaths;
        b.init = init;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private List<String> binds;
        private String containerIdFile;
        private LogConfig logConfig;
        private String networkMode;
        private Map<String,List<PortBinding>> portBindings;
        private RestartPolicy restartPolicy;
        private boolean autoRemove;
        private String volumeDriver;
        private List<String> volumesFrom;
        private List<Integer> consoleSize;
        private Map<String,String> annotations;
        private List<String> capAdd;
        private List<String> capDrop;
        private String cgroupnsMode;
        private List<String> dns;
        private List<String> dnsOptions;
        private List<String> dnsSearch;
        private List<String> extraHosts;
        private List<String> groupAdd;
        private String ipcMode;
        private String cgroup;
        private List<String> links;
        private long oomScoreAdj;
        private String pidMode;
        private boolean privileged;
        private boolean publishAllPorts;
        private boolean readonlyRootfs;
        private List<String> securityOpt;
        private Map<String,String> storageOpt;
        private Map<String,String> tmpfs;
        private String utsMode;
        private String usernsMode;
        private long shmSize;
        private Map<String,String> sysctls;
        private String runtime;
        private String isolation;
        private long cpuShares;
        private long memory;
        private long nanoCpus;
        private String cgroupParent;
        private int blkioWeight;
        private List<WeightDevice> blkioWeightDevice;
        private List<ThrottleDevice> blkioDeviceReadBps;
        private List<ThrottleDevice> blkioDeviceWriteBps;
        private List<ThrottleDevice> blkioDeviceReadIOps;
        private List<ThrottleDevice> blkioDeviceWriteIOps;
        private long cpuPeriod;
        private long cpuQuota;
        private long cpuRealtimePeriod;
        private long cpuRealtimeRuntime;
        private String cpusetCpus;
        private String cpusetMems;
        private List<DeviceMapping> devices;
        private List<String> deviceCgroupRules;
        private List<DeviceRequest> deviceRequests;
        private Long kernelMemoryTcp;
        private long memoryReservation;
        private long memorySwap;
        private Long memorySwappiness;
        private Boolean oomKillDisable;
        private Long pidsLimit;
        private List<Ulimit> ulimits;
        private long cpuCount;
        private long cpuPercent;
        private long ioMaximumIops;
        private long ioMaximumBandwidth;
        private List<Mount> mounts;
        private List<String> maskedPaths;
        private List<String> readonlyPaths;
        private Boolean init;

        private Builder() {
        }

        public Builder binds(List<String> binds) {
            this.binds = binds;
            return this;
        }

        public Builder containerIdFile(String containerIdFile) {
            this.containerIdFile = containerIdFile;
            return this;
        }

        public Builder logConfig(LogConfig logConfig) {
            this.logConfig = logConfig;
            return this;
        }

        public Builder networkMode(String networkMode) {
            this.networkMode = networkMode;
            return this;
        }

        public Builder portBindings(Map<String,List<PortBinding>> portBindings) {
            this.portBindings = portBindings;
            return this;
        }

        public Builder restartPolicy(RestartPolicy restartPolicy) {
            this.restartPolicy = restartPolicy;
            return this;
        }

        public Builder autoRemove(boolean autoRemove) {
            this.autoRemove = autoRemove;
            return this;
        }

        public Builder volumeDriver(String volumeDriver) {
            this.volumeDriver = volumeDriver;
            return this;
        }

        public Builder volumesFrom(List<String> volumesFrom) {
            this.volumesFrom = volumesFrom;
            return this;
        }

        public Builder consoleSize(List<Integer> consoleSize) {
            this.consoleSize = consoleSize;
            return this;
        }

        public Builder annotations(Map<String,String> annotations) {
            this.annotations = annotations;
            return this;
        }

        public Builder capAdd(List<String> capAdd) {
            this.capAdd = capAdd;
            return this;
        }

        public Builder capDrop(List<String> capDrop) {
            this.capDrop = capDrop;
            return this;
        }

        public Builder cgroupnsMode(String cgroupnsMode) {
            this.cgroupnsMode = cgroupnsMode;
            return this;
        }

        public Builder dns(List<String> dns) {
            this.dns = dns;
            return this;
        }

        public Builder dnsOptions(List<String> dnsOptions) {
            this.dnsOptions = dnsOptions;
            return this;
        }

        public Builder dnsSearch(List<String> dnsSearch) {
            this.dnsSearch = dnsSearch;
            return this;
        }

        public Builder extraHosts(List<String> extraHosts) {
            this.extraHosts = extraHosts;
            return this;
        }

        public Builder groupAdd(List<String> groupAdd) {
            this.groupAdd = groupAdd;
            return this;
        }

        public Builder ipcMode(String ipcMode) {
            this.ipcMode = ipcMode;
            return this;
        }

        public Builder cgroup(String cgroup) {
            this.cgroup = cgroup;
            return this;
        }

        public Builder links(List<String> links) {
            this.links = links;
            return this;
        }

        public Builder oomScoreAdj(long oomScoreAdj) {
            this.oomScoreAdj = oomScoreAdj;
            return this;
        }

        public Builder pidMode(String pidMode) {
            this.pidMode = pidMode;
            return this;
        }

        public Builder privileged(boolean privileged) {
            this.privileged = privileged;
            return this;
        }

        public Builder publishAllPorts(boolean publishAllPorts) {
            this.publishAllPorts = publishAllPorts;
            return this;
        }

        public Builder readonlyRootfs(boolean readonlyRootfs) {
            this.readonlyRootfs = readonlyRootfs;
            return this;
        }

        public Builder securityOpt(List<String> securityOpt) {
            this.securityOpt = securityOpt;
            return this;
        }

        public Builder storageOpt(Map<String,String> storageOpt) {
            this.storageOpt = storageOpt;
            return this;
        }

        public Builder tmpfs(Map<String,String> tmpfs) {
            this.tmpfs = tmpfs;
            return this;
        }

        public Builder utsMode(String utsMode) {
            this.utsMode = utsMode;
            return this;
        }

        public Builder usernsMode(String usernsMode) {
            this.usernsMode = usernsMode;
            return this;
        }

        public Builder shmSize(long shmSize) {
            this.shmSize = shmSize;
            return this;
        }

        public Builder sysctls(Map<String,String> sysctls) {
            this.sysctls = sysctls;
            return this;
        }

        public Builder runtime(String runtime) {
            this.runtime = runtime;
            return this;
        }

        public Builder isolation(String isolation) {
            this.isolation = isolation;
            return this;
        }

        public Builder cpuShares(long cpuShares) {
            this.cpuShares = cpuShares;
            return this;
        }

        public Builder memory(long memory) {
            this.memory = memory;
            return this;
        }

        public Builder nanoCpus(long nanoCpus) {
            this.nanoCpus = nanoCpus;
            return this;
        }

        public Builder cgroupParent(String cgroupParent) {
            this.cgroupParent = cgroupParent;
            return this;
        }

        public Builder blkioWeight(int blkioWeight) {
            this.blkioWeight = blkioWeight;
            return this;
        }

        public Builder blkioWeightDevice(List<WeightDevice> blkioWeightDevice) {
            this.blkioWeightDevice = blkioWeightDevice;
            return this;
        }

        public Builder blkioDeviceReadBps(List<ThrottleDevice> blkioDeviceReadBps) {
            this.blkioDeviceReadBps = blkioDeviceReadBps;
            return this;
        }

        public Builder blkioDeviceWriteBps(List<ThrottleDevice> blkioDeviceWriteBps) {
            this.blkioDeviceWriteBps = blkioDeviceWriteBps;
            return this;
        }

        public Builder blkioDeviceReadIOps(List<ThrottleDevice> blkioDeviceReadIOps) {
            this.blkioDeviceReadIOps = blkioDeviceReadIOps;
            return this;
        }

        public Builder blkioDeviceWriteIOps(List<ThrottleDevice> blkioDeviceWriteIOps) {
            this.blkioDeviceWriteIOps = blkioDeviceWriteIOps;
            return this;
        }

        public Builder cpuPeriod(long cpuPeriod) {
            this.cpuPeriod = cpuPeriod;
            return this;
        }

        public Builder cpuQuota(long cpuQuota) {
            this.cpuQuota = cpuQuota;
            return this;
        }

        public Builder cpuRealtimePeriod(long cpuRealtimePeriod) {
            this.cpuRealtimePeriod = cpuRealtimePeriod;
            return this;
        }

        public Builder cpuRealtimeRuntime(long cpuRealtimeRuntime) {
            this.cpuRealtimeRuntime = cpuRealtimeRuntime;
            return this;
        }

        public Builder cpusetCpus(String cpusetCpus) {
            this.cpusetCpus = cpusetCpus;
            return this;
        }

        public Builder cpusetMems(String cpusetMems) {
            this.cpusetMems = cpusetMems;
            return this;
        }

        public Builder devices(List<DeviceMapping> devices) {
            this.devices = devices;
            return this;
        }

        public Builder deviceCgroupRules(List<String> deviceCgroupRules) {
            this.deviceCgroupRules = deviceCgroupRules;
            return this;
        }

        public Builder deviceRequests(List<DeviceRequest> deviceRequests) {
            this.deviceRequests = deviceRequests;
            return this;
        }

        public Builder kernelMemoryTcp(Long kernelMemoryTcp) {
            this.kernelMemoryTcp = kernelMemoryTcp;
            return this;
        }

        public Builder memoryReservation(long memoryReservation) {
            this.memoryReservation = memoryReservation;
            return this;
        }

        public Builder memorySwap(long memorySwap) {
            this.memorySwap = memorySwap;
            return this;
        }

        public Builder memorySwappiness(Long memorySwappiness) {
            this.memorySwappiness = memorySwappiness;
            return this;
        }

        public Builder oomKillDisable(Boolean oomKillDisable) {
            this.oomKillDisable = oomKillDisable;
            return this;
        }

        public Builder pidsLimit(Long pidsLimit) {
            this.pidsLimit = pidsLimit;
            return this;
        }

        public Builder ulimits(List<Ulimit> ulimits) {
            this.ulimits = ulimits;
            return this;
        }

        public Builder cpuCount(long cpuCount) {
            this.cpuCount = cpuCount;
            return this;
        }

        public Builder cpuPercent(long cpuPercent) {
            this.cpuPercent = cpuPercent;
            return this;
        }

        public Builder ioMaximumIops(long ioMaximumIops) {
            this.ioMaximumIops = ioMaximumIops;
            return this;
        }

        public Builder ioMaximumBandwidth(long ioMaximumBandwidth) {
            this.ioMaximumBandwidth = ioMaximumBandwidth;
            return this;
        }

        public Builder mounts(List<Mount> mounts) {
            this.mounts = mounts;
            return this;
        }

        public Builder maskedPaths(List<String> maskedPaths) {
            this.maskedPaths = maskedPaths;
            return this;
        }

        public Builder readonlyPaths(List<String> readonlyPaths) {
            this.readonlyPaths = readonlyPaths;
            return this;
        }

        public Builder init(Boolean init) {
            this.init = init;
            return this;
        }

        public HostConfig build() {
            return new HostConfig(binds, containerIdFile, logConfig, networkMode, portBindings, restartPolicy, autoRemove, volumeDriver, volumesFrom, consoleSize, annotations, capAdd, capDrop, cgroupnsMode, dns, dnsOptions, dnsSearch, extraHosts, groupAdd, ipcMode, cgroup, links, oomScoreAdj, pidMode, privileged, publishAllPorts, readonlyRootfs, securityOpt, storageOpt, tmpfs, utsMode, usernsMode, shmSize, sysctls, runtime, isolation, cpuShares, memory, nanoCpus, cgroupParent, blkioWeight, blkioWeightDevice, blkioDeviceReadBps, blkioDeviceWriteBps, blkioDeviceReadIOps, blkioDeviceWriteIOps, cpuPeriod, cpuQuota, cpuRealtimePeriod, cpuRealtimeRuntime, cpusetCpus, cpusetMems, devices, deviceCgroupRules, deviceRequests, kernelMemoryTcp, memoryReservation, memorySwap, memorySwappiness, oomKillDisable, pidsLimit, ulimits, cpuCount, cpuPercent, ioMaximumIops, ioMaximumBandwidth, mounts, maskedPaths, readonlyPaths, init);
        }
    }
}
