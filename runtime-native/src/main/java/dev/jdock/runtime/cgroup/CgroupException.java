package dev.jdock.runtime.cgroup;

/** A cgroup operation failed; the message names the file or directory and the reason. */
public class CgroupException extends RuntimeException {
    public CgroupException(String message) {
        super(message);
    }

    public CgroupException(String message, Throwable cause) {
        super(message, cause);
    }
}
