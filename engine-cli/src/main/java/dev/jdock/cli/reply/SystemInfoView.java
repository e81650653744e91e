package dev.jdock.cli.reply;

import dev.jdock.api.types.system.SwarmInfo;
import dev.jdock.api.types.system.SystemInfo;
import java.util.ArrayList;
import java.util.List;

/** The reply of {@code GET /info} ({@link SystemInfo}): the fields {@code info} shows. */
@ViewOf(SystemInfo.class)
public final class SystemInfoView extends JsonView {
    static final String CONTAINERS = "Containers";
    static final String CONTAINERS_RUNNING = "ContainersRunning";
    static final String CONTAINERS_PAUSED = "ContainersPaused";
    static final String CONTAINERS_STOPPED = "ContainersStopped";
    static final String IMAGES = "Images";
    static final String SERVER_VERSION = "ServerVersion";
    static final String DRIVER = "Driver";
    static final String DRIVER_STATUS = "DriverStatus";
    static final String LOGGING_DRIVER = "LoggingDriver";
    static final String CGROUP_DRIVER = "CgroupDriver";
    static final String CGROUP_VERSION = "CgroupVersion";
    static final String RUNTIMES = "Runtimes";
    static final String DEFAULT_RUNTIME = "DefaultRuntime";
    static final String SWARM = "Swarm";
    static final String KERNEL_VERSION = "KernelVersion";
    static final String OPERATING_SYSTEM = "OperatingSystem";
    static final String OS_TYPE = "OSType";
    static final String ARCHITECTURE = "Architecture";
    static final String NCPU = "NCPU";
    static final String MEM_TOTAL = "MemTotal";
    static final String NAME = "Name";
    static final String ID = "ID";
    static final String DOCKER_ROOT_DIR = "DockerRootDir";
    static final String DEBUG = "Debug";
    static final String EXPERIMENTAL_BUILD = "ExperimentalBuild";
    static final String LIVE_RESTORE_ENABLED = "LiveRestoreEnabled";
    static final String WARNINGS = "Warnings";

    /** The keys read inside {@code Swarm}. */
    @ViewOf(SwarmInfo.class)
    static final class SwarmKeys {
        static final String LOCAL_NODE_STATE = "LocalNodeState";

        private SwarmKeys() {
        }
    }

    public SystemInfoView(Object json) {
        super(json);
    }

    public long containers() {
        return num(CONTAINERS);
    }

    public long containersRunning() {
        return num(CONTAINERS_RUNNING);
    }

    public long containersPaused() {
        return num(CONTAINERS_PAUSED);
    }

    public long containersStopped() {
        return num(CONTAINERS_STOPPED);
    }

    public long images() {
        return num(IMAGES);
    }

    public String serverVersion() {
        return str(SERVER_VERSION);
    }

    public String driver() {
        return str(DRIVER);
    }

    /** The storage driver's (name, value) pairs; entries that are not pairs are left out. */
    public List<String[]> driverStatus() {
        List<String[]> out = new ArrayList<>();
        for (Object pair : list(DRIVER_STATUS)) {
            if (pair instanceof List<?> p && p.size() == 2) {
                out.add(new String[] {String.valueOf(p.get(0)), String.valueOf(p.get(1))});
            }
        }
        return out;
    }

    public String loggingDriver() {
        return str(LOGGING_DRIVER);
    }

    public String cgroupDriver() {
        return str(CGROUP_DRIVER);
    }

    public String cgroupVersion() {
        return str(CGROUP_VERSION);
    }

    /** The runtime names, in the daemon's order. */
    public List<String> runtimeNames() {
        return new ArrayList<>(obj(RUNTIMES).keySet());
    }

    public String defaultRuntime() {
        return str(DEFAULT_RUNTIME);
    }

    /** {@code Swarm.LocalNodeState} ({@code inactive}). */
    public String swarmState() {
        Object v = obj(SWARM).get(SwarmKeys.LOCAL_NODE_STATE);
        return v == null ? "" : String.valueOf(v);
    }

    public String kernelVersion() {
        return str(KERNEL_VERSION);
    }

    public String operatingSystem() {
        return str(OPERATING_SYSTEM);
    }

    public String osType() {
        return str(OS_TYPE);
    }

    public String architecture() {
        return str(ARCHITECTURE);
    }

    public long ncpu() {
        return num(NCPU);
    }

    public long memTotal() {
        return num(MEM_TOTAL);
    }

    public String name() {
        return str(NAME);
    }

    public String id() {
        return str(ID);
    }

    public String dockerRootDir() {
        return str(DOCKER_ROOT_DIR);
    }

    public boolean debug() {
        return bool(DEBUG);
    }

    public boolean experimentalBuild() {
        return bool(EXPERIMENTAL_BUILD);
    }

    public boolean liveRestoreEnabled() {
        return bool(LIVE_RESTORE_ENABLED);
    }

    public List<String> warnings() {
        return strings(WARNINGS);
    }
}
