package dev.jdock.cli.command.image;

import dev.jdock.api.Json;
import dev.jdock.api.stream.JsonLinesReader;
import dev.jdock.api.stream.ProgressMessage;
import dev.jdock.cli.io.ProgressDisplay;
import dev.jdock.cli.reply.JsonMessageView;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Map;

/**
 * Reads the JSON message stream of {@code POST /build} (typed {@link ProgressMessage}s) and hands each message to a
 * {@link View}: the image ID from the {@code aux} message, and the first error ends the stream as the docker CLI's
 * jsonmessage does (exit status: the error's code, 1 when it has none).
 */
final class BuildStream {
    /** How the messages are shown. */
    interface View {
        /** A {@code stream} text: step lines, arrows, the steps' output. */
        void stream(String text);

        /** A {@code status} message (a FROM's pull). */
        void status(ProgressMessage m);

        /** The stream ended; {@code failed} when an error ended it. */
        void end(boolean failed);
    }

    /** The outcome: the image ID (null without an aux message), the error (null when none) and its exit status. */
    record Result(String imageId, String error, int exitCode) {
    }

    private BuildStream() {
    }

    static Result read(InputStream body, View view) throws IOException {
        String imageId = null;
        try (JsonLinesReader lines = new JsonLinesReader(body)) {
            ProgressMessage m;
            while ((m = lines.next(ProgressMessage.class)) != null) {
                if (m.isError()) {
                    view.end(true);
                    String text = m.errorDetail() != null && m.errorDetail().message() != null
                            ? m.errorDetail().message() : m.error() == null ? "" : m.error();
                    Integer code = m.errorDetail() == null ? null : m.errorDetail().code();
                    return new Result(imageId, text, code == null || code == 0 ? 1 : code);
                }
                if (m.aux() != null && m.aux().hasNonNull("ID")) {
                    imageId = m.aux().get("ID").asText();
                } else if (m.stream() != null) {
                    view.stream(m.stream());
                } else if (m.status() != null) {
                    view.status(m);
                }
            }
        }
        view.end(false);
        return new Result(imageId, null, 0);
    }

    /**
     * The docker CLI 28's display of a legacy build, terminal or not: jsonmessage as off a terminal (texts as they
     * are, a status line per message without counters to show, no bars: docker draws none even on a terminal).
     */
    static final class Plain implements View {
        private final PrintStream out;
        private final ProgressDisplay display;

        Plain(PrintStream out) {
            this.out = out;
            this.display = new ProgressDisplay(out, false);
        }

        @Override
        public void stream(String text) {
            out.print(text);
            out.flush();
        }

        /** jsonmessage off a terminal: a message with counters is not shown, others as {@code id: status}. */
        @Override
        public void status(ProgressMessage m) {
            display.render(new JsonMessageView(Json.mapper().convertValue(m, Map.class)));
        }

        @Override
        public void end(boolean failed) {
            out.flush();
        }
    }
}
