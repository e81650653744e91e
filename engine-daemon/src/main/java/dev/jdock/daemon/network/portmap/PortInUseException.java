package dev.jdock.daemon.network.portmap;

/** A host port could not be bound: Docker's "Bind for 0.0.0.0:8080 failed: port is already allocated". */
public final class PortInUseException extends RuntimeException {
    public PortInUseException(String hostIp, int port, Throwable cause) {
        super("Bind for " + hostIp + ":" + port + " failed: port is already allocated", cause);
    }
}
