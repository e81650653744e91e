package dev.jdock.api.stream;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdock.api.Json;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reads a stream of concatenated / newline-separated JSON objects (pull, push, load, build progress; events; stats)
 * one value at a time as it arrives.
 */
public final class JsonLinesReader implements Closeable {
    private final JsonParser parser;
    private final ObjectMapper mapper;

    public JsonLinesReader(InputStream in) throws IOException {
        this.mapper = Json.mapper();
        this.parser = mapper.getFactory().createParser(in);
    }

    /** The next value as a tree, or {@code null} at end of stream. */
    public JsonNode next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            return null;
        }
        return mapper.readTree(parser);
    }

    /** The next value bound to {@code type}, or {@code null} at end of stream. */
    public <T> T next(Class<T> type) throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null) {
            return null;
        }
        return mapper.readValue(parser, type);
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
