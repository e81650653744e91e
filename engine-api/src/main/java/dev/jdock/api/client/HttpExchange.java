package dev.jdock.api.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Writes one HTTP/1.1 request and parses the response head. */
final class HttpExchange {
    private HttpExchange() {
    }

    /** Sends the request line, headers and body; the connection stays open for the response. */
    static void writeRequest(OutputStream raw, String method, String target, Map<String, String> headers,
            byte[] body, InputStream bodyStream) throws IOException {
        BufferedOutputStream out = new BufferedOutputStream(raw, 64 * 1024);
        StringBuilder head = new StringBuilder(256);
        head.append(method).append(' ').append(target).append(" HTTP/1.1\r\n");
        for (Map.Entry<String, String> h : headers.entrySet()) {
            head.append(h.getKey()).append(": ").append(h.getValue()).append("\r\n");
        }
        if (bodyStream != null) {
            head.append("Transfer-Encoding: chunked\r\n");
        } else if (body != null || "POST".equals(method) || "PUT".equals(method)) {
            head.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        head.append("\r\n");
        out.write(HttpInput.ascii(head.toString()));
        if (bodyStream != null) {
            BodyStreams.ChunkedOutput chunked = new BodyStreams.ChunkedOutput(out);
            bodyStream.transferTo(chunked);
            chunked.finish();
        } else if (body != null) {
            out.write(body);
        }
        out.flush();
    }

    /** Reads the status line and headers. */
    static HttpResponse readResponse(HttpInput in, String method) throws IOException {
        return readResponse(in, method, null);
    }

    /**
     * Reads the status line and headers; with {@code reuse}, a body with a known end (length or chunked) that is
     * read to it hands the connection back, unless the daemon said {@code Connection: close}.
     */
    static HttpResponse readResponse(HttpInput in, String method, BodyStreams.Reuse reuse) throws IOException {
        String statusLine = in.readLine();
        if (statusLine == null) {
            throw new IOException("connection closed before the response");
        }
        // "HTTP/1.1 200 OK": plain index arithmetic (no regex, no lambdas: this runs in every fresh CLI JVM)
        int sp1 = statusLine.indexOf(' ');
        int sp2 = sp1 < 0 ? -1 : statusLine.indexOf(' ', sp1 + 1);
        if (sp1 < 0 || !statusLine.startsWith("HTTP/1.")) {
            throw new IOException("malformed HTTP status line: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(sp2 < 0 ? statusLine.substring(sp1 + 1) : statusLine.substring(sp1 + 1, sp2));
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status line: " + statusLine, e);
        }
        Map<String, String> headers = new HashMap<>();
        String line;
        while ((line = in.readLine()) != null && !line.isEmpty()) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                String name = line.substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = line.substring(colon + 1).trim();
                String prev = headers.put(name, value);
                if (prev != null) {
                    headers.put(name, prev + ", " + value);
                }
            }
        }
        String connection = headers.get("connection");
        if (connection != null && connection.toLowerCase(Locale.ROOT).contains("close")) {
            reuse = null;
        }
        return new HttpResponse(status, sp2 < 0 ? "" : statusLine.substring(sp2 + 1), headers,
                body(in, method, status, headers, reuse));
    }

    private static InputStream body(HttpInput in, String method, int status, Map<String, String> headers,
            BodyStreams.Reuse reuse) {
        if (status == 101) {
            return in; // hijacked: the raw connection
        }
        if ("HEAD".equals(method) || status < 200 || status == 204 || status == 304) {
            return new BodyStreams.FixedLength(in, 0, reuse);
        }
        String te = headers.get("transfer-encoding");
        if (te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
            return new BodyStreams.ChunkedInput(in, reuse);
        }
        String cl = headers.get("content-length");
        if (cl != null) {
            return new BodyStreams.FixedLength(in, Long.parseLong(cl.trim()), reuse);
        }
        return in; // close-delimited
    }
}
