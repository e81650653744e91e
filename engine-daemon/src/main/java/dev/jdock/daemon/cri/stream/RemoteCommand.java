package dev.jdock.daemon.cri.stream;

import dev.jdock.daemon.errors.EngineException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs an Exec or Attach on a worker and reports how it ended on the client's error stream, as the kubelet does. */
final class RemoteCommand {
    private static final Logger LOG = LoggerFactory.getLogger(RemoteCommand.class);

    private RemoteCommand() {
    }

    static void run(StreamRequest request, ChannelSession session, StreamTargets targets) {
        RemoteStatus status;
        try {
            if (request instanceof StreamRequest.Exec e) {
                int code = targets.exec(e, session);
                status = code == 0 ? RemoteStatus.success() : RemoteStatus.exitCode(e.cmd(), code);
            } else if (request instanceof StreamRequest.Attach a) {
                targets.attach(a, session);
                status = RemoteStatus.success();
            } else {
                throw new IllegalArgumentException("not a remote command: " + request.kind());
            }
        } catch (EngineException | IllegalArgumentException | IllegalStateException e) {
            LOG.debug("{} stream: {}", request.kind(), e.getMessage());
            status = RemoteStatus.internalError(e.getMessage());
        } catch (RuntimeException e) {
            LOG.warn("{} stream failed", request.kind(), e);
            status = RemoteStatus.internalError(e.toString());
        }
        session.finish(status);
    }
}
