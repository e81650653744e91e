package dev.jdock.cli.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.stream.JsonLinesReader;
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
    private JsonNode aux;

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Displays the stream; returns the error message, or null when it ended well. */
    public String display(InputStream body) throws IOException {
        try (JsonLinesReader lines = new JsonLinesReader(body)) {
            JsonNode m;
            while ((m = lines.next()) != null) {
                if (m.hasNonNull("error") || m.hasNonNull("errorDetail")) {
                    error = m.hasNonNull("error") ? m.get("error").asText() : m.at("/errorDetail/message").asText();
                    break;
                }
                if (m.hasNonNull("aux")) {
                    aux = m.get("aux");
                    continue;
                }
                show(m);
            }
        }
        out.flush();
        return error;
    }

    JsonNode aux() {
        return aux;
    }

    private void show(JsonNode m) {
        String status = m.path("status").asText("");
        if (!m.hasNonNull("id") || m.get("id").asText().isEmpty()) {
            if (!status.isEmpty()) {
                out.println(status);
            } else if (m.hasNonNull("stream")) {
                out.print(m.get("stream").asText());
            }
            return;
        }
        String id = m.get("id").asText();
        String progress = m.path("progress").asText("");
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
