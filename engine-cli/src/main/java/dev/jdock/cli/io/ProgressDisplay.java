package dev.jdock.cli.io;

import dev.jdock.cli.format.JsonStreamSplitter;
import dev.jdock.cli.reply.JsonMessageView;
import dev.jdock.cli.reply.PushResultView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders a pull/push JSON message stream as the docker CLI's jsonmessage does. On a terminal each id has its own
 * line, updated in place with ANSI cursor moves ({@code id: Downloading [==>   ] 1.2MB/3.4MB}); otherwise every
 * status is printed once per id (no progress bars). An {@code error} message ends the display with exit 1.
 */
public final class ProgressDisplay {
    private final PrintStream out;
    private final boolean terminal;
    private final List<String> ids = new ArrayList<>();
    private final Map<String, String> lastStatus = new HashMap<>();
    private String error;
    private PushResultView aux;

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Displays the stream; returns the error message, or null when it ended well. */
    public String display(InputStream body) throws IOException {
        try (JsonStreamSplitter messages = new JsonStreamSplitter(body)) {
            Object json;
            while ((json = messages.next()) != null) {
                JsonMessageView m = new JsonMessageView(json);
                if (m.isError()) {
                    error = m.errorMessage();
                    break;
                }
                if (m.hasAux()) {
                    aux = new PushResultView(m.aux());
                    continue;
                }
                show(m);
            }
        }
        out.flush();
        return error;
    }

    /** The last {@code aux} message (a push's result), or null. */
    PushResultView aux() {
        return aux;
    }

    private void show(JsonMessageView m) {
        String status = m.status();
        String id = m.id();
        if (id.isEmpty()) {
            if (!status.isEmpty()) {
                out.println(status);
            } else if (m.hasStream()) {
                out.print(m.stream());
            }
            return;
        }
        String progress = m.progress();
        String line = id + ": " + status + (terminal && !progress.isEmpty() ? " " + progress : "");
        if (!terminal) {
            if (!status.equals(lastStatus.put(id, status))) {
                out.println(id + ": " + status);
            }
            return;
        }
        int idx = ids.indexOf(id);
        if (idx < 0) {
            ids.add(id);
            out.print(line + "\n");
            return;
        }
        int up = ids.size() - idx;
        // cursor up N, clear the line, write, then back down to below the last line
        out.print("\033[" + up + "A\r\033[2K" + line + "\r\033[" + up + "B");
    }
}
