package dev.jdock.runtime.syscall;

/**
 * A failed system call, keeping errno apart from the message so callers can branch on it. Message form, as Go
 * prints a failed call (Docker's messages carry it): {@code mount /x: operation not permitted}.
 */
public class SyscallException extends RuntimeException {
    private final int errno;
    private final String operation;

    /** @param operation the call and its main argument, e.g. {@code "mount /x"} */
    public SyscallException(String operation, int errno) {
        super(operation + ": " + words(errno));
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

    /**
     * The errno's text as Go's {@code syscall.Errno} prints it: strerror's, lower-cased at its start; {@code errno N}
     * for one the table does not know.
     */
    public static String words(int errno) {
        if (Errno.name(errno).startsWith("errno ")) {
            return "errno " + errno;
        }
        String d = Errno.describe(errno);
        return Character.toLowerCase(d.charAt(0)) + d.substring(1);
    }
}
