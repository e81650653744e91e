package dev.jdock.api.client;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An engine API request. {@code path} is relative to the version prefix (e.g. {@code /containers/json}); the client
 * adds {@code /v1.xx} unless {@link #unversioned()} is set. Names in paths are not escaped, as the docker CLI does.
 * The body is a byte array (sent with Content-Length) or a stream (sent chunked, never buffered).
 */
public final class HttpRequest {
    private final String method;
    private final String path;
    private final List<String[]> query = new ArrayList<>();
    private final Map<String, String> headers = new LinkedHashMap<>();
    private byte[] body;
    private InputStream bodyStream;
    private boolean versioned = true;

    private HttpRequest(String method, String path) {
        this.method = method;
        this.path = path;
    }

    public static HttpRequest get(String path) {
        return new HttpRequest("GET", path);
    }

    public static HttpRequest head(String path) {
        return new HttpRequest("HEAD", path);
    }

    public static HttpRequest post(String path) {
        return new HttpRequest("POST", path);
    }

    public static HttpRequest put(String path) {
        return new HttpRequest("PUT", path);
    }

    public static HttpRequest delete(String path) {
        return new HttpRequest("DELETE", path);
    }

    /** Adds a query parameter (URL-encoded); a null value is skipped. */
    public HttpRequest query(String name, Object value) {
        if (value != null) {
            query.add(new String[] {name, String.valueOf(value)});
        }
        return this;
    }

    /** Adds {@code name=1} when {@code flag} is true, as the docker CLI does for booleans. */
    public HttpRequest flag(String name, boolean flag) {
        return flag ? query(name, "1") : this;
    }

    public HttpRequest header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    /** A JSON body sent with Content-Length. */
    public HttpRequest jsonBody(byte[] json) {
        this.body = json;
        headers.put("Content-Type", "application/json");
        return this;
    }

    public HttpRequest body(byte[] bytes, String contentType) {
        this.body = bytes;
        headers.put("Content-Type", contentType);
        return this;
    }

    /** A streamed body sent with {@code Transfer-Encoding: chunked}. */
    public HttpRequest body(InputStream stream, String contentType) {
        this.bodyStream = stream;
        headers.put("Content-Type", contentType);
        return this;
    }

    /** Sends the path without the {@code /v1.xx} prefix (e.g. {@code /_ping}). */
    public HttpRequest unversioned() {
        this.versioned = false;
        return this;
    }

    public String method() {
        return method;
    }

    public String path() {
        return path;
    }

    public boolean versioned() {
        return versioned;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public InputStream bodyStream() {
        return bodyStream;
    }

    /** The path plus encoded query string. */
    public String target() {
        if (query.isEmpty()) {
            return path;
        }
        StringBuilder sb = new StringBuilder(path);
        char sep = path.indexOf('?') >= 0 ? '&' : '?';
        for (String[] q : query) {
            sb.append(sep);
            formEncode(sb, q[0]);
            sb.append('=');
            formEncode(sb, q[1]);
            sep = '&';
        }
        return sb.toString();
    }

    /**
     * {@code URLEncoder.encode(s, UTF_8)} (and Go's {@code url.QueryEscape}): letters, digits and {@code .-*_} as
     * they are, space as {@code +}, every other UTF-8 byte as {@code %XX}. Hand-written: URLEncoder's set-up is a
     * measurable part of a fresh CLI JVM's run.
     */
    static void formEncode(StringBuilder sb, String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= 0x80) { // the rest byte by byte, as UTF-8
                for (byte b : s.substring(i).getBytes(StandardCharsets.UTF_8)) {
                    formEncodeAscii(sb, b & 0xff);
                }
                return;
            }
            formEncodeAscii(sb, c);
        }
    }

    private static void formEncodeAscii(StringBuilder sb, int c) {
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                || c == '*' || c == '_') {
            sb.append((char) c);
        } else if (c == ' ') {
            sb.append('+');
        } else {
            hex(sb, c);
        }
    }

    private static void hex(StringBuilder sb, int b) {
        final String digits = "0123456789ABCDEF";
        sb.append('%').append(digits.charAt(b >> 4)).append(digits.charAt(b & 0xf));
    }
}
