package dev.jdock.daemon.container;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.runtime.cgroup.CgroupHandle;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup settings outside {@link dev.jdock.runtime.cgroup.Resources}: device access ({@link DeviceAccess}), the
 * fields of {@link ExtraResources} and
 * {@code --oom-kill-disable} (v1 {@code memory.oom_control}; cgroup v2 has no such knob, so Docker ignores it there
 * with a warning, as we do).
 */
final class CgroupExtras {
    private static final Logger LOG = LoggerFactory.getLogger(CgroupExtras.class);

    private CgroupExtras() {
    }

    static void apply(CgroupHandle cg, HostConfig hc) {
        ExtraResources.checkSpec(hc);
        DeviceAccess.applyCgroup(cg, hc);
        ExtraResources.apply(cg, hc);
        if (Boolean.TRUE.equals(hc.oomKillDisable())) {
            disableOomKiller(cg);
        }
    }

    private static void disableOomKiller(CgroupHandle cg) {
        for (Path dir : cg.paths()) {
            Path control = dir.resolve("memory.oom_control");
            if (Files.exists(control)) {
                try {
                    Files.writeString(control, "1");
                } catch (IOException e) {
                    LOG.warn("{}: cannot disable the OOM killer: {}", cg.containerId(), e.getMessage());
                }
                return;
            }
        }
        LOG.warn("{}: --oom-kill-disable needs the cgroup v1 memory controller; ignored", cg.containerId());
    }
}
