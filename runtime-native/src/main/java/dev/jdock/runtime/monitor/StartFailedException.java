package dev.jdock.runtime.monitor;

/** The container process could not be started (setup or exec failed): Docker's exit code and message. */
public final class StartFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int exitCode;

    public StartFailedException(int exitCode, String message) {
        super(message);
        this.exitCode = exitCode;
    }

    /** 127 (executable not found), 126 (not executable) or 128 (other setup failures). */
    public int exitCode() {
        return exitCode;
    }
}
