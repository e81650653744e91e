package dev.jdock.daemon.cri;

import dev.jdock.daemon.errors.EngineException;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import java.util.concurrent.CancellationException;

/** The gRPC status of a daemon error, as containerd's errdefs.ToGRPC maps its error classes. */
final class CriStatus {
    private CriStatus() {
    }

    static StatusRuntimeException of(RuntimeException e, String doing) {
        String prefix = doing.isEmpty() ? "" : doing + ": ";
        if (e instanceof CancellationException) {
            return Status.CANCELLED.withDescription(prefix + e.getMessage()).asRuntimeException();
        }
        if (e instanceof StatusRuntimeException s) {
            return s;
        }
        if (!(e instanceof EngineException ee)) {
            return Status.UNKNOWN.withDescription(prefix + e).withCause(e).asRuntimeException();
        }
        Status s = switch (ee.kind()) {
            case NOT_FOUND -> Status.NOT_FOUND;
            case INVALID_PARAMETER -> Status.INVALID_ARGUMENT;
            case UNAUTHORIZED -> Status.UNAUTHENTICATED;
            case FORBIDDEN -> Status.PERMISSION_DENIED;
            case CONFLICT -> Status.FAILED_PRECONDITION;
            case NOT_IMPLEMENTED -> Status.UNIMPLEMENTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case REQUEST_TOO_LARGE -> Status.RESOURCE_EXHAUSTED;
            default -> Status.UNKNOWN;
        };
        return s.withDescription(prefix + ee.getMessage()).asRuntimeException();
    }
}
