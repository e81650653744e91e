package dev.jdock.daemon.errors;

/** The classes of failure the Engine API distinguishes, each with the HTTP status Docker answers for it. */
public enum ErrorKind {
    INVALID_PARAMETER(400),
    UNAUTHORIZED(401),
    FORBIDDEN(403),
    NOT_FOUND(404),
    CONFLICT(409),
    REQUEST_TOO_LARGE(413),
    NOT_MODIFIED(304),
    NOT_IMPLEMENTED(501),
    UNAVAILABLE(503),
    SYSTEM(500);

    private final int status;

    ErrorKind(int status) {
        this.status = status;
    }

    public int httpStatus() {
        return status;
    }
}
