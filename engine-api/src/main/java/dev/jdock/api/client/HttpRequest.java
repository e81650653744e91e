package dev.jdock.api.client;

import java.io.InputStream;
import java.net.URLEncoder;
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
            sb.append(sep).append(URLEncoder.encode(q[0], StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(q[1], StandardCharsets.UTF_8));
            sep = '&';
        }
        return sb.toString();
    }
}
