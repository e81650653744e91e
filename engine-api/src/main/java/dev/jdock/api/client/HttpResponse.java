package dev.jdock.api.client;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** An HTTP response whose body is streamed; closing it closes the connection. */
public final class HttpResponse implements Closeable {
    private final int status;
    private final String reason;
    private final Map<String, String> headers;
    private final InputStream body;

    HttpResponse(int status, String reason, Map<String, String> headers, InputStream body) {
        this.status = status;
        this.reason = reason;
        this.headers = headers;
        this.body = body;
    }

    public int status() {
        return status;
    }

    public String reason() {
        return reason;
    }

    /** A header value by case-insensitive name, or null. */
    public String header(String name) {
        return headers.get(name.toLowerCase(Locale.ROOT));
    }

    /** All headers with lower-case names. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The decoded body (Content-Length, chunked or close-delimited); empty for HEAD, 1xx, 204 and 304. */
    public InputStream body() {
        return body;
    }

    public byte[] readAll() throws IOException {
        try (InputStream in = body) {
            return in.readAllBytes();
        }
    }

    public String readString() throws IOException {
        return new String(readAll(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() throws IOException {
        body.close();
    }
}
