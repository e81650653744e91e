package dev.jdock.daemon.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Reads a Docker json-file log as it grows: whole lines only (a partly written last line is left for the next
 * read), parsed with the streaming parser, never the whole file in memory.
 */
public final class JsonFileLogReader implements AutoCloseable {
    private static final JsonFactory JSON = new JsonFactory();

    private final Path file;
    private RandomAccessFile raf;
    private long position;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    public JsonFileLogReader(Path file) {
        this.file = file;
    }

    /** The last {@code n} entries of the file (all when n < 0), leaving the reader positioned at the end. */
    public Deque<LogEntry> tail(long n) throws IOException {
        Deque<LogEntry> out = new ArrayDeque<>();
        LogEntry e;
        while ((e = next().orElse(null)) != null) {
            out.addLast(e);
            if (n >= 0 && out.size() > n) {
                out.removeFirst();
            }
        }
        return out;
    }

    /** The next complete entry, or empty when none is complete yet. */
    public Optional<LogEntry> next() throws IOException {
        if (raf == null) {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            raf = new RandomAccessFile(file.toFile(), "r");
        }
        while (true) {
            int b = readByte();
            if (b < 0) {
                return Optional.empty();
            }
            if (b == '\n') {
                byte[] line = partial.toByteArray();
                partial.reset();
                Optional<LogEntry> e = parse(line);
                if (e.isPresent()) {
                    return e;
                }
            } else {
                partial.write(b);
            }
        }
    }

    private final byte[] buf = new byte[8192];
    private int bufLen;
    private int bufPos;

    private int readByte() throws IOException {
        if (bufPos >= bufLen) {
            raf.seek(position);
            bufLen = raf.read(buf);
            bufPos = 0;
            if (bufLen <= 0) {
                bufLen = 0;
                return -1;
            }
            position += bufLen;
        }
        return buf[bufPos++] & 0xff;
    }

    static Optional<LogEntry> parse(byte[] line) throws IOException {
        if (line.length == 0) {
            return Optional.empty();
        }
        String log = null;
        String stream = "stdout";
        String time = null;
        try (JsonParser p = JSON.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                switch (name) {
                    case "log" -> log = p.getValueAsString();
                    case "stream" -> stream = p.getValueAsString();
                    case "time" -> time = p.getValueAsString();
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
                time == null ? "" : time));
    }

    @Override
    public void close() throws IOException {
        if (raf != null) {
            raf.close();
        }
    }
}
