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
    static final String PROGRESS_DETAIL = "progressDetail";
    static final String FROM = "from";
    static final String TIME = "time";
    static final String TIME_NANO = "timeNano";

    /** The keys read inside {@code errorDetail}. */
    @ViewOf(ProgressMessage.ErrorDetail.class)
    static final class ErrorDetailKeys {
        static final String MESSAGE = "message";

        private ErrorDetailKeys() {
        }
    }

    /** A {@code progressDetail} object: jsonmessage's JSONProgress. */
    @ViewOf(ProgressMessage.ProgressDetail.class)
    public static final class Detail extends JsonView {
        static final String CURRENT = "current";
        static final String TOTAL = "total";
        static final String START = "start";
        static final String HIDECOUNTS = "hidecounts";
        static final String UNITS = "units";

        Detail(Object json) {
            super(json);
        }

        public long current() {
            return num(CURRENT);
        }

        public long total() {
            return num(TOTAL);
        }

        /** Unix seconds when the transfer started (for the ETA); 0 when unknown. */
        public long start() {
            return num(START);
        }

        public boolean hideCounts() {
            return bool(HIDECOUNTS);
        }

        /** What is counted ({@code ""}: bytes). */
        public String units() {
            return str(UNITS);
        }
    }

    public JsonMessageView(Object json) {
        super(json);
    }

    /** True when the message carries {@code error} or {@code errorDetail} (not null): the stream failed. */
    public boolean isError() {
        return has(ERROR) || has(ERROR_DETAIL);
    }

    /** {@code errorDetail.message} (what the docker CLI prints), else {@code error} ({@code ""} without text). */
    public String errorMessage() {
        if (!has(ERROR_DETAIL)) {
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

    /** True when {@code progressDetail} is present (even {@code {}}): jsonmessage then redraws the id's line. */
    public boolean hasProgressDetail() {
        return has(PROGRESS_DETAIL);
    }

    /** The {@code progressDetail} object (empty when absent). */
    public Detail progressDetail() {
        return new Detail(obj(PROGRESS_DETAIL));
    }

    /** The image a build step's message is about ({@code ""} when none). */
    public String from() {
        return str(FROM);
    }

    /** Unix seconds, 0 when absent. */
    public long time() {
        return num(TIME);
    }

    /** Unix nanoseconds, 0 when absent. */
    public long timeNano() {
        return num(TIME_NANO);
    }

    public boolean hasStream() {
        return has(STREAM);
    }

    /** Text to print as is (a load's "Loaded image: ..." line, a build step's output). */
    public String stream() {
        return str(STREAM);
    }
}
