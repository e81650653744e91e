package dev.jdock.runtime.spec;

/** A device node created in the container's /dev: type 'c', 'b' or 'p'; {@code mode} is the permission bits. */
public record DeviceSpec(String path, char type, int major, int minor, int mode, int uid, int gid) {

    public DeviceSpec {
        RuntimeSpec.requireAbsolute(path, "device path");
        if (type != 'c' && type != 'b' && type != 'p') {
            throw new IllegalArgumentException("device type must be c, b or p: " + type);
        }
        if (major < 0 || minor < 0 || (mode & ~07777) != 0 || uid < 0 || gid < 0) {
            throw new IllegalArgumentException("invalid device " + path);
        }
    }

    public static DeviceSpec charDevice(String path, int major, int minor, int mode) {
        return new DeviceSpec(path, 'c', major, minor, mode, 0, 0);
    }
}
