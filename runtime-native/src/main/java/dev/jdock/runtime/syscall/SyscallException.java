package dev.jdock.runtime.syscall;

/**
 * A failed system call, keeping errno apart from the message so callers can branch on it.
 * Message form: {@code mount /x: Operation not permitted (errno 1)}.
 */
public class SyscallException extends RuntimeException {
    private final int errno;
    private final String operation;

    /** @param operation the call and its main argument, e.g. {@code "mount /x"} */
    public SyscallException(String operation, int errno) {
        super(operation + ": " + Errno.describe(errno) + " (errno " + errno + ")");
        this.operation = operation;
        this.errno = errno;
    }

    public int errno() {
        return errno;
    }

    /** The failed call with its main argument, without the errno text. */
    public String operation() {
        return operation;
    }

    public boolean is(int errnoValue) {
        return errno == errnoValue;
    }
}
