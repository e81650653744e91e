package dev.jdock.daemon.image;

import dev.jdock.api.types.volume.Volume;
import java.util.List;

/** The Volumes part of {@code /system/df} (each with UsageData), supplied by the volume feature. */
@FunctionalInterface
public interface VolumeUsage {
    List<Volume> volumes();
}
