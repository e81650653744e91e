package dev.jdock.daemon.volume;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each container's resolved mounts (what its {@code mounts.json} holds), by container ID: written by
 * {@link VolumeMounts}, read by {@link VolumeService} to refuse removing a volume a container references. Built
 * before both, so neither has to be told about the other after construction.
 */
final class VolumeRefs {
    private final Map<String, List<ResolvedMount>> byContainer = new ConcurrentHashMap<>();

    List<ResolvedMount> of(String containerId) {
        return byContainer.getOrDefault(containerId, List.of());
    }

    void put(String containerId, List<ResolvedMount> mounts) {
        byContainer.put(containerId, List.copyOf(mounts));
    }

    List<ResolvedMount> remove(String containerId) {
        return byContainer.remove(containerId);
    }

    /** The containers (any state) whose mounts name {@code volume}, sorted. */
    List<String> users(String volume) {
        List<String> out = new ArrayList<>();
        byContainer.forEach((id, ms) -> {
            if (ms.stream().anyMatch(m -> m.isVolume() && m.name().equals(volume))) {
                out.add(id);
            }
        });
        out.sort(null);
        return out;
    }
}
