package dev.jdock.cli.reply;

import dev.jdock.api.types.exec.ExecInspect;

/** The reply of {@code GET /exec/{id}/json}, as {@code exec} reads it ({@link ExecInspect}). */
@ViewOf(ExecInspect.class)
public final class ExecInspectView extends JsonView {
    static final String EXIT_CODE = "ExitCode";

    public ExecInspectView(Object json) {
        super(json);
    }

    /** The exit status, 0 while running (null on the wire). */
    public long exitCode() {
        return num(EXIT_CODE);
    }
}
