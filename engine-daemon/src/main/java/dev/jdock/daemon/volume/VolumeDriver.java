package dev.jdock.daemon.volume;

import java.nio.file.Path;
import java.util.Map;

/** A volume driver: where a volume's data lives and how it is made available on the host. */
public interface VolumeDriver {
    String name();

    /** Checks create-time driver options; throws EngineException invalid with the driver's message. */
    void validate(Map<String, String> options);

    /** The host path containers bind (valid only while mounted for options-backed volumes). */
    Path mountpoint(Volume v);

    /** Makes the volume's data available at {@link #mountpoint}; called for the first user. */
    void mount(Volume v);

    /** Called when the last user is gone. */
    void unmount(Volume v);

    /** Deletes the volume's data. The volume is not mounted. */
    void remove(Volume v);
}
