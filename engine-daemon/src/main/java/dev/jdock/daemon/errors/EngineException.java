package dev.jdock.daemon.errors;

/**
 * The one error type of the daemon. Its {@link ErrorKind} decides the HTTP status; its message is what
 * the client sees as {@code {"message": ...}}.
 */
public final class EngineException extends RuntimeException {
    private final ErrorKind kind;

    public EngineException(ErrorKind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public EngineException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public ErrorKind kind() {
        return kind;
    }

    public static EngineException notFound(String message) {
        return new EngineException(ErrorKind.NOT_FOUND, message);
    }

    /** Docker's 404 for a container reference that names none: {@code No such container: <ref>}. */
    public static EngineException noSuchContainer(String ref) {
        return notFound("No such container: " + ref);
    }

    public static EngineException invalid(String message) {
        return new EngineException(ErrorKind.INVALID_PARAMETER, message);
    }

    public static EngineException conflict(String message) {
        return new EngineException(ErrorKind.CONFLICT, message);
    }

    public static EngineException system(String message, Throwable cause) {
        return new EngineException(ErrorKind.SYSTEM, message, cause);
    }
}
