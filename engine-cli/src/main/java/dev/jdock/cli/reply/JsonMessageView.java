package dev.jdock.cli.reply;

import dev.jdock.api.stream.ProgressMessage;
import java.util.Map;

/**
 * One message of a JSON progress stream ({@link ProgressMessage}: pull, push, load, import), as the progress
 * display and {@code load} read it.
 */
@ViewOf(ProgressMessage.class)
public final class JsonMessageView extends JsonView {
    static final String STATUS = "status";
    static final String ID = "id";
    static final String PROGRESS = "progress";
    static final String STREAM = "stream";
    static final String AUX = "aux";
    static final String ERROR_DETAIL = "errorDetail";
    static final String ERROR = "error";

    /** The keys read inside {@code errorDetail}. */
    @ViewOf(ProgressMessage.ErrorDetail.class)
    static final class ErrorDetailKeys {
        static final String MESSAGE = "message";

        private ErrorDetailKeys() {
        }
    }

    public JsonMessageView(Object json) {
        super(json);
    }

    /** True when the message carries {@code error} or {@code errorDetail} (not null): the stream failed. */
    public boolean isError() {
        return has(ERROR) || has(ERROR_DETAIL);
    }

    /** {@code error}, else {@code errorDetail.message} ({@code ""} when neither has text). */
    public String errorMessage() {
        if (has(ERROR)) {
            return str(ERROR);
        }
        Object m = obj(ERROR_DETAIL).get(ErrorDetailKeys.MESSAGE);
        return m == null ? "" : String.valueOf(m);
    }

    public boolean hasAux() {
        return has(AUX);
    }

    /** The {@code aux} object (e.g. a push's {@link PushResultView}); empty when it is no object. */
    public Map<String, Object> aux() {
        return obj(AUX);
    }

    public String status() {
        return str(STATUS);
    }

    public boolean hasStatus() {
        return has(STATUS);
    }

    /** The layer or tag the message is about; {@code ""} for a message about the whole stream. */
    public String id() {
        return str(ID);
    }

    public boolean hasId() {
        return has(ID);
    }

    /** The rendered progress bar ({@code [==>   ] 1.2MB/3.4MB}), {@code ""} when none. */
    public String progress() {
        return str(PROGRESS);
    }

    public boolean hasStream() {
        return has(STREAM);
    }

    /** Text to print as is (a load's "Loaded image: ..." line, a build step's output). */
    public String stream() {
        return str(STREAM);
    }
}
