package dev.jdock.runtime.process;

/** jdock-monitor could not create the container process: errno (0 when unknown) and the monitor's message. */
public final class RuntimeLaunchException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int errno;

    public RuntimeLaunchException(int errno, String message) {
        super(message);
        this.errno = errno;
    }

    public RuntimeLaunchException(String message, Throwable cause) {
        super(message, cause);
        this.errno = 0;
    }

    public int errno() {
        return errno;
    }
}
