package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.image.ImageHistoryItem;
import dev.jdock.api.types.image.ImagePruneResponse;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.daemon.api.Filters;
import java.util.List;
import java.util.Set;

/** What {@link ImageMaintenanceRouter} needs: history, prune and the disk usage of {@code /system/df}. */
public interface ImageMaintenance {
    /** Newest first. */
    List<ImageHistoryItem> history(String name);

    ImagePruneResponse prune(Filters filters);

    /** {@code containers} as the container service lists them (all, no sizes). */
    SystemDfResponse diskUsage(Set<String> types, List<ContainerSummary> containers, ApiVersion version);
}
