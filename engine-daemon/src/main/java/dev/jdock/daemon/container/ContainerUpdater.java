package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.ContainerUpdateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.RestartPolicy;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.cgroup.Resources;
import java.util.List;

/**
 * {@code POST /containers/{id}/update} as moby's UpdateContainer: non-zero fields replace the stored ones, the result
 * is validated with Docker's messages, applied to the live cgroup of a running container, then stored. A new
 * restart policy takes effect at the container's next exit.
 */
final class ContainerUpdater {
    private final ContainerStore store;
    private final RuntimeBackend runtime;

    ContainerUpdater(ContainerStore store, RuntimeBackend runtime) {
        this.store = store;
        this.runtime = runtime;
    }

    /** Returns the warnings (none). */
    List<String> update(Container c, ContainerUpdateRequest u) {
        if (u == null) {
            throw EngineException.invalid("config cannot be empty in order to update a container");
        }
        synchronized (c.lifecycleLock) {
            ContainerStatus st = c.state().status();
            if (st == ContainerStatus.REMOVING || st == ContainerStatus.DEAD) {
                throw EngineException.conflict("Cannot update container " + c.id()
                        + ": container is marked for removal and cannot be \"update\"");
            }
            CpuLimits.validateSets(u.cpusetCpus(), u.cpusetMems());
            validate(requested(u)); // moby's verifyContainerSettings: the request's own limits before the merge
            HostConfig merged = merge(c.id(), c.record().hostConfig(), u);
            if (u.cpuRealtimePeriod() != 0 || u.cpuRealtimeRuntime() != 0) {
                ExtraResources.validateRealtime(merged, java.nio.file.Path.of("/sys/fs/cgroup"));
            }
            validate(merged);
            // as moby: the record first (a disk that refuses it changes nothing), then the cgroups; if they refuse,
            // the record is put back
            ContainerRecord before = c.record();
            store.updateRecord(c, before.withHostConfig(merged));
            if (c.isRunning()) {
                try {
                    runtime.updateResources(c, merged);
                } catch (RuntimeException e) {
                    try {
                        store.updateRecord(c, before);
                    } catch (RuntimeException undo) {
                        e.addSuppressed(undo);
                    }
                    throw e instanceof EngineException ee ? ee
                            : EngineException.system("Cannot update container " + c.id() + ": " + e.getMessage(), e);
                }
            }
        }
        return List.of();
    }

    private static void validate(HostConfig hc) {
        try {
            NativeRuntimeBackend.resources(hc).validate(() -> Runtime.getRuntime().availableProcessors(), true);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid(e.getMessage());
        }
    }

    /** The limits an update request gives, alone (what moby's verifyPlatformContainerResources checks). */
    static HostConfig requested(ContainerUpdateRequest u) {
        return HostConfig.builder().memory(u.memory()).memorySwap(u.memorySwap())
                .memoryReservation(u.memoryReservation()).cpuShares(u.cpuShares()).nanoCpus(u.nanoCpus())
                .cpuQuota(u.cpuQuota()).cpuPeriod(u.cpuPeriod()).blkioWeight(u.blkioWeight()).build();
    }

    /** moby container.UpdateContainer's rules, including its conflicts. */
    static HostConfig merge(String id, HostConfig hc, ContainerUpdateRequest u) {
        HostConfig.Builder b = hc.toBuilder();
        if (u.blkioWeight() != 0) {
            b.blkioWeight(u.blkioWeight());
        }
        if (u.cpuShares() != 0) {
            b.cpuShares(u.cpuShares());
        }
        if (u.nanoCpus() != 0) {
            if (hc.cpuQuota() != 0 || hc.cpuPeriod() != 0) {
                throw conflict(id, "Conflicting options: Nano CPUs cannot be updated as CPU Period or Quota has "
                        + "already been set");
            }
            b.nanoCpus(u.nanoCpus());
        }
        if (u.cpuPeriod() != 0) {
            if (hc.nanoCpus() != 0 && u.nanoCpus() == 0) {
                throw conflict(id, "Conflicting options: CPU Period cannot be updated as NanoCPUs has already been set");
            }
            b.cpuPeriod(u.cpuPeriod());
        }
        if (u.cpuQuota() != 0) {
            if (hc.nanoCpus() != 0 && u.nanoCpus() == 0) {
                throw conflict(id, "Conflicting options: CPU Quota cannot be updated as NanoCPUs has already been set");
            }
            b.cpuQuota(u.cpuQuota());
        }
        // as dockerd: the real-time CPU fields are validated and recorded, not written to a running container's
        // cgroup (moby's toContainerdResources leaves them out); they apply from its next start
        if (u.cpuRealtimePeriod() != 0) {
            b.cpuRealtimePeriod(u.cpuRealtimePeriod());
        }
        if (u.cpuRealtimeRuntime() != 0) {
            b.cpuRealtimeRuntime(u.cpuRealtimeRuntime());
        }
        if (u.cpusetCpus() != null && !u.cpusetCpus().isEmpty()) {
            b.cpusetCpus(u.cpusetCpus());
        }
        if (u.cpusetMems() != null && !u.cpusetMems().isEmpty()) {
            b.cpusetMems(u.cpusetMems());
        }
        if (u.memory() != 0) {
            // moby's check as it is: a stored swap of 0 (no limit) or -1 (unlimited) is below any memory too, so a
            // memory limit is updated with a swap limit unless the stored swap is above it (moby issue 39541)
            if (u.memory() > hc.memorySwap() && u.memorySwap() == 0) {
                throw conflict(id, "Memory limit should be smaller than already set memoryswap limit, "
                        + "update the memoryswap at the same time");
            }
            b.memory(u.memory());
        }
        if (u.memorySwap() != 0) {
            b.memorySwap(u.memorySwap());
        }
        if (u.memoryReservation() != 0) {
            b.memoryReservation(u.memoryReservation());
        }
        if (u.pidsLimit() != null) {
            b.pidsLimit(Math.max(0L, u.pidsLimit())); // moby's router: 0 and any negative update to unlimited, 0
        }
        RestartPolicy p = u.restartPolicy();
        if (p != null && !p.name().isEmpty()) {
            RestartPolicies.validate(p);
            if (hc.autoRemove() && !RestartPolicies.isNone(p)) {
                throw conflict(id, "Restart policy cannot be updated because AutoRemove is enabled for the container");
            }
            b.restartPolicy(p);
        }
        return b.build();
    }

    /** moby's conflictingUpdateOptions (errdefs.Conflict, a 409) wrapped by errCannotUpdate. */
    private static EngineException conflict(String id, String message) {
        return EngineException.conflict("Cannot update container " + id + ": " + message);
    }
}
