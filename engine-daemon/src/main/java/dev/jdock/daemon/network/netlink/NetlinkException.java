package dev.jdock.daemon.network.netlink;

/** A netlink request the kernel refused (errno), or a socket failure. */
public final class NetlinkException extends RuntimeException {
    private final int errno;

    public NetlinkException(String message, int errno) {
        super(message + (errno != 0 ? " (errno " + errno + ")" : ""));
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }
}
