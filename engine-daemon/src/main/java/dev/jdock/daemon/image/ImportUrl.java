package dev.jdock.daemon.image;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * The download behind {@code POST /images/create?fromSrc=<url>}: as moby, a source without a scheme gets
 * {@code http://}; redirects are followed; a status other than 2xx is an error naming the URL and status.
 */
public final class ImportUrl {
    private static final HttpClient CLIENT = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
            .connectTimeout(Duration.ofSeconds(30)).build();

    private ImportUrl() {
    }

    /** The URL moby would fetch for {@code src}. */
    static URI normalize(String src) {
        String s = src.contains("://") ? src : "http://" + src;
        try {
            URI u = URI.create(s);
            if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
                throw EngineException.invalid("unsupported URL scheme: " + u.getScheme());
            }
            return u;
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid URL " + src + ": " + e.getMessage());
        }
    }

    /** Go's {@code resp.Status}: code and reason phrase. */
    static String status(int code) {
        String reason = switch (code) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 500 -> "Internal Server Error";
            case 502 -> "Bad Gateway";
            case 503 -> "Service Unavailable";
            default -> "";
        };
        return reason.isEmpty() ? Integer.toString(code) : code + " " + reason;
    }

    /**
     * Opens the body of a successful GET (the caller closes it), given up when {@code cancel} completes (the client
     * went away): the wait for the response stops, and the body, once open, is closed under its reader. A server
     * that stalls never holds a build or an import whose client is gone (it held them, and their spools, for good).
     */
    public static InputStream open(String src, CompletableFuture<?> cancel) {
        URI u = normalize(src);
        HttpResponse<InputStream> r;
        CompletableFuture<HttpResponse<InputStream>> sent = CLIENT.sendAsync(HttpRequest.newBuilder(u).GET().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        CompletableFuture<?> stopSend = cancel.whenComplete((v, e) -> sent.cancel(true));
        try {
            r = sent.get();
        } catch (CancellationException e) {
            throw EngineException.system("download of " + u + " cancelled: the client went away", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof IOException ? e.getCause() : e;
            throw EngineException.invalid("Get \"" + u + "\": " + cause.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw EngineException.system("interrupted while downloading " + u, e);
        } finally {
            stopSend.cancel(false);
        }
        InputStream stream = r.body();
        cancel.whenComplete((v, e) -> {
            try {
                stream.close(); // the reader's next read fails: "closed"
            } catch (IOException ignored) {
                // closed already
            }
        });
        if (r.statusCode() / 100 != 2) {
            String body;
            try (InputStream in = r.body()) {
                body = new String(in.readNBytes(512), StandardCharsets.UTF_8).strip();
            } catch (IOException e) {
                body = "";
            }
            throw EngineException.invalid("failed to GET " + u + " with status " + status(r.statusCode()) + ": "
                    + body);
        }
        return r.body();
    }
}
