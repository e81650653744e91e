package dev.jdock.api.stream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * One message of a JSON progress stream (pull, push, load, import, build): {@code status}, {@code id},
 * {@code progress}, {@code progressDetail}, {@code stream}, {@code aux}, {@code errorDetail}, {@code error}, and
 * the fields jsonmessage also reads, which jdockd does not send: {@code from}, {@code time}, {@code timeNano}.
 * Absent fields are omitted on the wire.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProgressMessage(
        @JsonProperty("status") String status,
        @JsonProperty("id") String id,
        @JsonProperty("progress") String progress,
        @JsonProperty("progressDetail") ProgressDetail progressDetail,
        @JsonProperty("stream") String stream,
        @JsonProperty("aux") JsonNode aux,
        @JsonProperty("errorDetail") ErrorDetail errorDetail,
        @JsonProperty("error") String error,
        @JsonProperty("from") String from,
        @JsonProperty("time") Long time,
        @JsonProperty("timeNano") Long timeNano) {

    /** A message without {@code from}, {@code time} and {@code timeNano}. */
    public ProgressMessage(String status, String id, String progress, ProgressDetail progressDetail, String stream,
            JsonNode aux, ErrorDetail errorDetail, String error) {
        this(status, id, progress, progressDetail, stream, aux, errorDetail, error, null, null, null);
    }

    /**
     * Byte counters of a progress bar; both omitted when unknown (Docker sends {@code {}}). {@code start} (Unix
     * seconds, for an ETA), {@code hidecounts} and {@code units} are jsonmessage's too; jdockd leaves them out.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ProgressDetail(@JsonProperty("current") Long current, @JsonProperty("total") Long total,
            @JsonProperty("start") Long start, @JsonProperty("hidecounts") Boolean hideCounts,
            @JsonProperty("units") String units) {

        /** Counters without {@code start}, {@code hidecounts} and {@code units}. */
        public ProgressDetail(Long current, Long total) {
            this(current, total, null, null, null);
        }
    }

    /** The error of a failed stream; {@code code} is e.g. a build step's exit status. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ErrorDetail(@JsonProperty("code") Integer code, @JsonProperty("message") String message) {
    }

    public static ProgressMessage status(String status) {
        return new ProgressMessage(status, null, null, null, null, null, null, null);
    }

    public static ProgressMessage stream(String text) {
        return new ProgressMessage(null, null, null, null, text, null, null, null);
    }

    public static ProgressMessage failure(String message) {
        return new ProgressMessage(null, null, null, null, null, null, new ErrorDetail(null, message), message);
    }

    public boolean isError() {
        return error != null || errorDetail != null;
    }
}
