package dev.jdock.api.types.system;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * Response of {@code GET /info}; decoded by the docker CLI into Go structs, so types must match.
 *
 * <p>Generated shape: one {@code @JsonProperty} per component; components Docker marks {@code omitempty}
 * are {@code NON_NULL}; non-omitempty strings are never null (normalised to {@code ""}) like Go's zero value.
 */
public record SystemInfo(
        @JsonProperty("ID") String id,
        @JsonProperty("Containers") int containers,
        @JsonProperty("ContainersRunning") int containersRunning,
        @JsonProperty("ContainersPaused") int containersPaused,
        @JsonProperty("ContainersStopped") int containersStopped,
        @JsonProperty("Images") int images,
        @JsonProperty("Driver") String driver,
        @JsonProperty("DriverStatus") List<List<String>> driverStatus,
        @JsonProperty("DockerRootDir") String dockerRootDir,
        @JsonProperty("Plugins") PluginsInfo plugins,
        @JsonProperty("MemoryLimit") boolean memoryLimit,
        @JsonProperty("SwapLimit") boolean swapLimit,
        @JsonProperty("CpuCfsPeriod") boolean cpuCfsPeriod,
        @JsonProperty("CpuCfsQuota") boolean cpuCfsQuota,
        @JsonProperty("CPUShares") boolean cpuShares,
        @JsonProperty("CPUSet") boolean cpuSet,
        @JsonProperty("PidsLimit") boolean pidsLimit,
        @JsonProperty("OomKillDisable") boolean oomKillDisable,
        @JsonProperty("IPv4Forwarding") boolean ipv4Forwarding,
        @JsonProperty("Debug") boolean debug,
        @JsonProperty("NFd") int nFd,
        @JsonProperty("NGoroutines") int nGoroutines,
        @JsonProperty("SystemTime") String systemTime,
        @JsonProperty("LoggingDriver") String loggingDriver,
        @JsonProperty("CgroupDriver") String cgroupDriver,
        @JsonProperty("CgroupVersion") String cgroupVersion,
        @JsonProperty("NEventsListener") int nEventsListener,
        @JsonProperty("KernelVersion") String kernelVersion,
        @JsonProperty("OperatingSystem") String operatingSystem,
        @JsonProperty("OSVersion") String osVersion,
        @JsonProperty("OSType") String osType,
        @JsonProperty("Architecture") String architecture,
        @JsonProperty("IndexServerAddress") String indexServerAddress,
        @JsonProperty("RegistryConfig") RegistryConfig registryConfig,
        @JsonProperty("NCPU") int ncpu,
        @JsonProperty("MemTotal") long memTotal,
        @JsonProperty("GenericResources") List<Object> genericResources,
        @JsonProperty("HttpProxy") String httpProxy,
        @JsonProperty("HttpsProxy") String httpsProxy,
        @JsonProperty("NoProxy") String noProxy,
        @JsonProperty("Name") String name,
        @JsonProperty("Labels") List<String> labels,
        @JsonProperty("ExperimentalBuild") boolean experimentalBuild,
        @JsonProperty("ServerVersion") String serverVersion,
        @JsonProperty("Runtimes") Map<String,RuntimeInfo> runtimes,
        @JsonProperty("DefaultRuntime") String defaultRuntime,
        @JsonProperty("Swarm") SwarmInfo swarm,
        @JsonProperty("LiveRestoreEnabled") boolean liveRestoreEnabled,
        @JsonProperty("Isolation") String isolation,
        @JsonProperty("InitBinary") String initBinary,
        @JsonProperty("ContainerdCommit") Commit containerdCommit,
        @JsonProperty("RuncCommit") Commit runcCommit,
        @JsonProperty("InitCommit") Commit initCommit,
        @JsonProperty("SecurityOptions") List<String> securityOptions,
        @JsonProperty("CDISpecDirs") List<String> cdiSpecDirs,
        @JsonProperty("Warnings") List<String> warnings) {

    public SystemInfo {
        id = id == null ? "" : id;
        driver = driver == null ? "" : driver;
        dockerRootDir = dockerRootDir == null ? "" : dockerRootDir;
        systemTime = systemTime == null ? "" : systemTime;
        loggingDriver = loggingDriver == null ? "" : loggingDriver;
        cgroupDriver = cgroupDriver == null ? "" : cgroupDriver;
        cgroupVersion = cgroupVersion == null ? "" : cgroupVersion;
        kernelVersion = kernelVersion == null ? "" : kernelVersion;
        operatingSystem = operatingSystem == null ? "" : operatingSystem;
        osVersion = osVersion == null ? "" : osVersion;
        osType = osType == null ? "" : osType;
        architecture = architecture == null ? "" : architecture;
        indexServerAddress = indexServerAddress == null ? "" : indexServerAddress;
        httpProxy = httpProxy == null ? "" : httpProxy;
        httpsProxy = httpsProxy == null ? "" : httpsProxy;
        noProxy = noProxy == null ? "" : noProxy;
        name = name == null ? "" : name;
        serverVersion = serverVersion == null ? "" : serverVersion;
        defaultRuntime = defaultRuntime == null ? "" : defaultRuntime;
        isolation = isolation == null ? "" : isolation;
        initBinary = initBinary == null ? "" : initBinary;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.id = id;
        b.containers = containers;
        b.containersRunning = containersRunning;
        b.containersPaused = containersPaused;
        b.containersStopped = containersStopped;
        b.images = images;
        b.driver = driver;
        b.driverStatus = driverStatus;
        b.dockerRootDir = dockerRootDir;
        b.plugins = plugins;
        b.memoryLimit = memoryLimit;
        b.swapLimit = swapLimit;
        b.cpuCfsPeriod = cpuCfsPeriod;
        b.cpuCfsQuota = cpuCfsQuota;
        b.cpuShares = cpuShares;
        b.cpuSet = cpuSet;
        b.pidsLimit = pidsLimit;
        b.oomKillDisable = oomKillDisable;
        b.ipv4Forwarding = ipv4Forwarding;
        b.debug = debug;
        b.nFd = nFd;
        b.nGoroutines = nGoroutines;
        b.systemTime = systemTime;
        b.loggingDriver = loggingDriver;
        b.cgroupDriver = cgroupDriver;
        b.cgroupVersion = cgroupVersion;
        b.nEventsListener = nEventsListener;
        b.kernelVersion = kernelVersion;
        b.operatingSystem = operatingSystem;
        b.osVersion = osVersion;
        b.osType = osType;
        b.architecture = architecture;
        b.indexServerAddress = indexServerAddress;
        b.registryConfig = registryConfig;
        b.ncpu = ncpu;
        b.memTotal = memTotal;
        b.genericResources = genericResources;
        b.httpProxy = httpProxy;
        b.httpsProxy = httpsProxy;
        b.noProxy = noProxy;
        b.name = name;
        b.labels = labels;
        b.experimentalBuild = experimentalBuild;
        b.serverVersion = serverVersion;
        b.runtimes = runtimes;
        b.defaultRuntime = defaultRuntime;
        b.swarm = swarm;
        b.liveRestoreEnabled = liveRestoreEnabled;
        b.isolation = isolation;
        b.initBinary = initBinary;
        b.containerdCommit = containerdCommit;
        b.runcCommit = runcCommit;
        b.initCommit = initCommit;
        b.securityOptions = securityOptions;
        b.cdiSpecDirs = cdiSpecDirs;
        b.warnings = warnings;
        return b;
    }

    /** Mutable builder; unset fields keep Java defaults (null / false / 0). */
    public static final class Builder {
        private String id;
        private int containers;
        private int containersRunning;
        private int containersPaused;
        private int containersStopped;
        private int images;
        private String driver;
        private List<List<String>> driverStatus;
        private String dockerRootDir;
        private PluginsInfo plugins;
        private boolean memoryLimit;
        private boolean swapLimit;
        private boolean cpuCfsPeriod;
        private boolean cpuCfsQuota;
        private boolean cpuShares;
        private boolean cpuSet;
        private boolean pidsLimit;
        private boolean oomKillDisable;
        private boolean ipv4Forwarding;
        private boolean debug;
        private int nFd;
        private int nGoroutines;
        private String systemTime;
        private String loggingDriver;
        private String cgroupDriver;
        private String cgroupVersion;
        private int nEventsListener;
        private String kernelVersion;
        private String operatingSystem;
        private String osVersion;
        private String osType;
        private String architecture;
        private String indexServerAddress;
        private RegistryConfig registryConfig;
        private int ncpu;
        private long memTotal;
        private List<Object> genericResources;
        private String httpProxy;
        private String httpsProxy;
        private String noProxy;
        private String name;
        private List<String> labels;
        private boolean experimentalBuild;
        private String serverVersion;
        private Map<String,RuntimeInfo> runtimes;
        private String defaultRuntime;
        private SwarmInfo swarm;
        private boolean liveRestoreEnabled;
        private String isolation;
        private String initBinary;
        private Commit containerdCommit;
        private Commit runcCommit;
        private Commit initCommit;
        private List<String> securityOptions;
        private List<String> cdiSpecDirs;
        private List<String> warnings;

        private Builder() {
        }

        public Builder id(String id) {
            this.id = id;
            return this;
        }

        public Builder containers(int containers) {
            this.containers = containers;
            return this;
        }

        public Builder containersRunning(int containersRunning) {
            this.containersRunning = containersRunning;
            return this;
        }

        public Builder containersPaused(int containersPaused) {
            this.containersPaused = containersPaused;
            return this;
        }

        public Builder containersStopped(int containersStopped) {
            this.containersStopped = containersStopped;
            return this;
        }

        public Builder images(int images) {
            this.images = images;
            return this;
        }

        public Builder driver(String driver) {
            this.driver = driver;
            return this;
        }

        public Builder driverStatus(List<List<String>> driverStatus) {
            this.driverStatus = driverStatus;
            return this;
        }

        public Builder dockerRootDir(String dockerRootDir) {
            this.dockerRootDir = dockerRootDir;
            return this;
        }

        public Builder plugins(PluginsInfo plugins) {
            this.plugins = plugins;
            return this;
        }

        public Builder memoryLimit(boolean memoryLimit) {
            this.memoryLimit = memoryLimit;
            return this;
        }

        public Builder swapLimit(boolean swapLimit) {
            this.swapLimit = swapLimit;
            return this;
        }

        public Builder cpuCfsPeriod(boolean cpuCfsPeriod) {
            this.cpuCfsPeriod = cpuCfsPeriod;
            return this;
        }

        public Builder cpuCfsQuota(boolean cpuCfsQuota) {
            this.cpuCfsQuota = cpuCfsQuota;
            return this;
        }

        public Builder cpuShares(boolean cpuShares) {
            this.cpuShares = cpuShares;
            return this;
        }

        public Builder cpuSet(boolean cpuSet) {
            this.cpuSet = cpuSet;
            return this;
        }

        public Builder pidsLimit(boolean pidsLimit) {
            this.pidsLimit = pidsLimit;
            return this;
        }

        public Builder oomKillDisable(boolean oomKillDisable) {
            this.oomKillDisable = oomKillDisable;
            return this;
        }

        public Builder ipv4Forwarding(boolean ipv4Forwarding) {
            this.ipv4Forwarding = ipv4Forwarding;
            return this;
        }

        public Builder debug(boolean debug) {
            this.debug = debug;
            return this;
        }

        public Builder nFd(int nFd) {
            this.nFd = nFd;
            return this;
        }

        public Builder nGoroutines(int nGoroutines) {
            this.nGoroutines = nGoroutines;
            return this;
        }

        public Builder systemTime(String systemTime) {
            this.systemTime = systemTime;
            return this;
        }

        public Builder loggingDriver(String loggingDriver) {
            this.loggingDriver = loggingDriver;
            return this;
        }

        public Builder cgroupDriver(String cgroupDriver) {
            this.cgroupDriver = cgroupDriver;
            return this;
        }

        public Builder cgroupVersion(String cgroupVersion) {
            this.cgroupVersion = cgroupVersion;
            return this;
        }

        public Builder nEventsListener(int nEventsListener) {
            this.nEventsListener = nEventsListener;
            return this;
        }

        public Builder kernelVersion(String kernelVersion) {
            this.kernelVersion = kernelVersion;
            return this;
        }

        public Builder operatingSystem(String operatingSystem) {
            this.operatingSystem = operatingSystem;
            return this;
        }

        public Builder osVersion(String osVersion) {
            this.osVersion = osVersion;
            return this;
        }

        public Builder osType(String osType) {
            this.osType = osType;
            return this;
        }

        public Builder architecture(String architecture) {
            this.architecture = architecture;
            return this;
        }

        public Builder indexServerAddress(String indexServerAddress) {
            this.indexServerAddress = indexServerAddress;
            return this;
        }

        public Builder registryConfig(RegistryConfig registryConfig) {
            this.registryConfig = registryConfig;
            return this;
        }

        public Builder ncpu(int ncpu) {
            this.ncpu = ncpu;
            return this;
        }

        public Builder memTotal(long memTotal) {
            this.memTotal = memTotal;
            return this;
        }

        public Builder genericResources(List<Object> genericResources) {
            this.genericResources = genericResources;
            return this;
        }

        public Builder httpProxy(String httpProxy) {
            this.httpProxy = httpProxy;
            return this;
        }

        public Builder httpsProxy(String httpsProxy) {
            this.httpsProxy = httpsProxy;
            return this;
        }

        public Builder noProxy(String noProxy) {
            this.noProxy = noProxy;
            return this;
        }

        public Builder name(String name) {
            this.name = name;
            return this;
        }

        public Builder labels(List<String> labels) {
            this.labels = labels;
            return this;
        }

        public Builder experimentalBuild(boolean experimentalBuild) {
            this.experimentalBuild = experimentalBuild;
            return this;
        }

        public Builder serverVersion(String serverVersion) {
            this.serverVersion = serverVersion;
            return this;
        }

        public Builder runtimes(Map<String,RuntimeInfo> runtimes) {
            this.runtimes = runtimes;
            return this;
        }

        public Builder defaultRuntime(String defaultRuntime) {
            this.defaultRuntime = defaultRuntime;
            return this;
        }

        public Builder swarm(SwarmInfo swarm) {
            this.swarm = swarm;
            return this;
        }

        public Builder liveRestoreEnabled(boolean liveRestoreEnabled) {
            this.liveRestoreEnabled = liveRestoreEnabled;
            return this;
        }

        public Builder isolation(String isolation) {
            this.isolation = isolation;
            return this;
        }

        public Builder initBinary(String initBinary) {
            this.initBinary = initBinary;
            return this;
        }

        public Builder containerdCommit(Commit containerdCommit) {
            this.containerdCommit = containerdCommit;
            return this;
        }

        public Builder runcCommit(Commit runcCommit) {
            this.runcCommit = runcCommit;
            return this;
        }

        public Builder initCommit(Commit initCommit) {
            this.initCommit = initCommit;
            return this;
        }

        public Builder securityOptions(List<String> securityOptions) {
            this.securityOptions = securityOptions;
            return this;
        }

        public Builder cdiSpecDirs(List<String> cdiSpecDirs) {
            this.cdiSpecDirs = cdiSpecDirs;
            return this;
        }

        public Builder warnings(List<String> warnings) {
            this.warnings = warnings;
            return this;
        }

        public SystemInfo build() {
            return new SystemInfo(id, containers, containersRunning, containersPaused, containersStopped, images, driver, driverStatus, dockerRootDir, plugins, memoryLimit, swapLimit, cpuCfsPeriod, cpuCfsQuota, cpuShares, cpuSet, pidsLimit, oomKillDisable, ipv4Forwarding, debug, nFd, nGoroutines, systemTime, loggingDriver, cgroupDriver, cgroupVersion, nEventsListener, kernelVersion, operatingSystem, osVersion, osType, architecture, indexServerAddress, registryConfig, ncpu, memTotal, genericResources, httpProxy, httpsProxy, noProxy, name, labels, experimentalBuild, serverVersion, runtimes, defaultRuntime, swarm, liveRestoreEnabled, isolation, initBinary, containerdCommit, runcCommit, initCommit, securityOptions, cdiSpecDirs, warnings);
        }
    }
}
