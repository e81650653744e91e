package dev.jdock.daemon.container;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.util.Locale;

/**
 * moby's answer to a start the runtime refused (daemon/start_linux.go setExitCodeFromError): the runtime's words in
 * containerd's wrapping, a 400 only where the container's config is at fault (the command is missing or cannot be
 * run, a directory mounted onto a file or the reverse: moby's hint appended), else a 500 (errdefs.Unknown). A user
 * or group the image does not know, or a working directory that is a file, is moby's own refusal while it makes the
 * spec: its words alone, a 500.
 */
final class StartErrors {
    static final String NOT_A_DIRECTORY_HINT = ": Are you trying to mount a directory onto a file (or vice-versa)? "
            + "Check if the specified host path exists and is the expected type";

    private StartErrors() {
    }

    static EngineException of(String runtimeMessage) {
        if (runtimeMessage.startsWith("unable to find user ") || runtimeMessage.startsWith("unable to find group ")
                || runtimeMessage.startsWith("Cannot mkdir: ")) {
            return EngineException.system(runtimeMessage, null);
        }
        String desc = "failed to create task for container: OCI runtime create failed: unable to start container "
                + "process: " + runtimeMessage + ": unknown";
        String m = desc.toLowerCase(Locale.ROOT);
        if (m.contains("permission denied")) {
            return EngineException.invalid(desc);
        }
        if (m.contains("is a directory")) {
            return EngineException.invalid(desc + ": permission denied");
        }
        if (m.contains("not a directory")) {
            return EngineException.invalid(desc + NOT_A_DIRECTORY_HINT);
        }
        if (m.contains("executable file not found") || m.contains("no such file or directory")
                || m.contains("system cannot find the file specified")) {
            return EngineException.invalid(desc);
        }
        return new EngineException(ErrorKind.SYSTEM, desc);
    }
}
