package dev.jdock.daemon.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** One json-file record: {@code {"log":"...","stream":"stdout","attrs":{...},"time":"..."}}, streaming-parsed. */
final class JsonFileFormat {
    private static final JsonFactory JSON = new JsonFactory();

    private JsonFileFormat() {
    }

    /** The entry of one line (without its newline); empty for a line that is no record. */
    static Optional<LogEntry> parse(byte[] line) throws IOException {
        if (line.length == 0) {
            return Optional.empty();
        }
        String log = null;
        String stream = "stdout";
        String time = null;
        Map<String, String> attrs = Map.of();
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken t = p.nextToken();
                switch (name) {
                    case "log" -> log = p.getValueAsString();
                    case "stream" -> stream = p.getValueAsString();
                    case "time" -> time = p.getValueAsString();
                    case "attrs" -> attrs = t == JsonToken.START_OBJECT ? attrs(p) : skip(p);
                    default -> p.skipChildren();
                }
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            return Optional.empty();
        }
        if (log == null) {
            return Optional.empty();
        }
        Instant t = Instant.EPOCH;
        if (time != null) {
            try {
                t = Instant.parse(time);
            } catch (RuntimeException e) {
                // keep EPOCH for an unparsable time
            }
        }
        return Optional.of(new LogEntry(log.getBytes(StandardCharsets.UTF_8), "stderr".equals(stream), t,
                time == null ? "" : time, attrs));
    }

    private static Map<String, String> attrs(JsonParser p) throws IOException {
        Map<String, String> out = new TreeMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String k = p.currentName();
            p.nextToken();
            out.put(k, p.getValueAsString(""));
            p.skipChildren();
        }
        return out;
    }

    private static Map<String, String> skip(JsonParser p) throws IOException {
        p.skipChildren();
        return Map.of();
    }

}
