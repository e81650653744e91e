package dev.jdock.daemon.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link RegistryCall}s against one registry for one repository and identity: picks the endpoint (mirrors,
 * https-then-http for insecure registries) and sticks to the first that answers, answers {@code WWW-Authenticate}
 * challenges (Bearer tokens from the realm, anonymous or with credentials, cached in the shared {@link TokenCache};
 * Basic with the credentials), follows redirects (dropping the credentials when the host changes, as blob GETs go
 * to storage) and turns error bodies into {@link EngineException}s. Thread-safe.
 */
final class RegistryCaller {
    private static final Logger LOG = LoggerFactory.getLogger(RegistryCaller.class);
    private static final int MAX_AUTH_TRIES = 3;
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_ERROR_BODY = 64 * 1024;
    private static final Duration TIMEOUT = Duration.ofMinutes(10);

    private final RegistryHosts hosts;
    private final TokenCache tokens;
    private final String domain;
    private final AuthConfig auth;
    private final String scopes;
    private final boolean push;
    private final boolean search;
    private volatile Endpoint bound;

    RegistryCaller(RegistryHosts hosts, TokenCache tokens, String domain, AuthConfig auth, List<String> scopes,
            boolean push) {
        this(hosts, tokens, domain, auth, scopes, push, false);
    }

    /** {@code search}: the calls go to the registry's search index ({@link RegistryHosts#searchEndpoints}). */
    RegistryCaller(RegistryHosts hosts, TokenCache tokens, String domain, AuthConfig auth, List<String> scopes,
            boolean push, boolean search) {
        this.search = search;
        this.hosts = hosts;
        this.tokens = tokens;
        this.domain = domain;
        this.auth = auth == null ? AuthConfig.ANONYMOUS : auth;
        this.scopes = String.join(" ", scopes);
        this.push = push;
    }

    String domain() {
        return domain;
    }

    <T> T call(RegistryCall<T> call) {
        Endpoint e = bound;
        if (e != null) {
            return callBound(e, call);
        }
        List<Endpoint> endpoints = search ? hosts.searchEndpoints(domain) : hosts.endpoints(domain, push);
        RuntimeException last = null;
        List<String> mirrorErrors = new ArrayList<>();
        for (int i = 0; i < endpoints.size(); i++) {
            Endpoint ep = endpoints.get(i);
            boolean more = i + 1 < endpoints.size();
            try {
                T t = callOn(ep, call);
                bind(ep);
                return t;
            } catch (IOException x) {
                last = unreachable(ep, call, x, true);
                if (!more || !(ep.fallback() || ep.mirror())) {
                    throw withMirrors(last, mirrorErrors);
                }
                noteMirror(ep, last, mirrorErrors);
                LOG.debug("{} via {} failed ({}), trying the next endpoint", call.description(), ep.base(), x.toString());
            } catch (EngineException x) {
                if (!more || !ep.mirror()) {
                    bind(ep);
                    throw withMirrors(x, mirrorErrors);
                }
                noteMirror(ep, x, mirrorErrors);
                last = x;
            }
        }
        throw last;
    }

    private static void noteMirror(Endpoint ep, RuntimeException x, List<String> mirrorErrors) {
        if (ep.mirror()) {
            LOG.info("mirror {} could not serve this pull ({}); trying the next endpoint", ep.base(), x.getMessage());
            mirrorErrors.add("mirror " + ep.base() + ": " + x.getMessage());
        }
    }

    /** The last endpoint's error, naming the mirrors that were tried first (Docker only logs them). */
    private static RuntimeException withMirrors(RuntimeException x, List<String> mirrorErrors) {
        if (mirrorErrors.isEmpty() || !(x instanceof EngineException e)) {
            return x;
        }
        return new EngineException(e.kind(), e.getMessage() + " (tried first: " + String.join("; ", mirrorErrors)
                + ")", e);
    }

    private void bind(Endpoint ep) {
        bound = ep;
        hosts.remember(ep);
    }

    private <T> T callBound(Endpoint e, RegistryCall<T> call) {
        try {
            return callOn(e, call);
        } catch (IOException x) {
            throw unreachable(e, call, x, false);
        }
    }

    /**
     * Go's url.Error text ({@code Get "URL": ...}). On first contact dockerd's request is its ping of {@code /v2/},
     * so an endpoint that cannot be reached then is named by that URL, as dockerd's message does.
     */
    private EngineException unreachable(Endpoint e, RegistryCall<?> call, IOException x, boolean firstContact) {
        URI uri = call.uri(e);
        String what = TransportErrors.describe(uri, x, hosts.certDirs(e.authority()),
                hosts.askedForClientCertificate(uri));
        boolean ping = firstContact && !search;
        String method = ping ? "GET" : call.method();
        URI shown = ping ? e.resolve("/v2/") : uri;
        return EngineException.system(method.charAt(0) + method.substring(1).toLowerCase(java.util.Locale.ROOT)
                + " \"" + shown + "\": " + what, x);
    }

    private <T> T callOn(Endpoint e, RegistryCall<T> call) throws IOException {
        String authz = initialAuthorization(e);
        for (int attempt = 1; ; attempt++) {
            HttpResponse<InputStream> r = send(e, call, authz);
            int status = r.statusCode();
            if (status >= 200 && status < 300) {
                boolean keep = false;
                try {
                    T t = call.handle(r);
                    keep = call.streams();
                    return t;
                } finally {
                    if (!keep) {
                        r.body().close();
                    }
                }
            }
            byte[] body = readError(r);
            if (status == 401 && attempt < MAX_AUTH_TRIES) {
                Optional<Challenge> c = Challenge.parse(r.headers().firstValue("WWW-Authenticate").orElse(null));
                String next = c.isPresent() ? answer(e, c.get(), authz) : null;
                if (next != null && !next.equals(authz)) {
                    authz = next;
                    continue;
                }
            }
            return call.handleError(status, body);
        }
    }

    private static byte[] readError(HttpResponse<InputStream> r) throws IOException {
        try (InputStream in = r.body()) {
            return in.readNBytes(MAX_ERROR_BODY);
        }
    }

    /** Sends one request, following redirects; credentials go only to the registry's own host. */
    private HttpResponse<InputStream> send(Endpoint e, RegistryCall<?> call, String authz) throws IOException {
        URI uri = call.uri(e);
        String method = call.method();
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(uri)
                    .timeout(call.timeout() == null ? TIMEOUT : call.timeout())
                    .method(method, method.equals("GET") || method.equals("HEAD")
                            ? HttpRequest.BodyPublishers.noBody() : call.body());
            if (call.accept() != null) {
                b.header("Accept", call.accept());
            }
            call.headers().forEach(b::header);
            b.header("User-Agent", "jdock/0.1.0");
            if (authz != null && sameHost(uri, e.base())) {
                b.header("Authorization", authz);
            }
            HttpClient client = sameHost(uri, e.base()) ? e.client() : hosts.clientFor(uri);
            HttpResponse<InputStream> r = sendRaw(client, b.build());
            int s = r.statusCode();
            Optional<String> loc = r.headers().firstValue("Location");
            if ((s == 301 || s == 302 || s == 303 || s == 307 || s == 308) && loc.isPresent()
                    && hop < MAX_REDIRECTS) {
                r.body().close();
                uri = uri.resolve(loc.get());
                if (s == 303) {
                    method = "GET";
                }
                continue;
            }
            return r;
        }
    }

    static HttpResponse<InputStream> sendRaw(HttpClient client, HttpRequest req) throws IOException {
        try {
            return client.send(req, HttpResponse.BodyHandlers.ofInputStream());
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted");
        }
    }

    private static boolean sameHost(URI a, URI b) {
        return a.getHost() != null && a.getHost().equalsIgnoreCase(b.getHost()) && a.getPort() == b.getPort();
    }

    /** What to send before any challenge: a cached token when this registry asked for Bearer before. */
    private String initialAuthorization(Endpoint e) throws IOException {
        if (auth.registryToken() != null && !auth.registryToken().isEmpty()) {
            return "Bearer " + auth.registryToken();
        }
        Optional<Challenge> c = tokens.challenge(e.base().toString());
        if (c.isEmpty()) {
            return null;
        }
        if (c.get().isBasic()) {
            return auth.hasBasic() ? RegistryAuth.basicHeader(auth) : null;
        }
        return "Bearer " + bearer(c.get(), false);
    }

    /** The Authorization answering a challenge; null when there is nothing better to send. */
    private String answer(Endpoint e, Challenge c, String sent) throws IOException {
        tokens.rememberChallenge(e.base().toString(), c);
        if (c.isBasic()) {
            return auth.hasBasic() ? RegistryAuth.basicHeader(auth) : null;
        }
        if (!c.isBearer() || c.param("realm") == null) {
            return null;
        }
        return "Bearer " + bearer(c, sent != null);
    }

    private String scopeFor(Challenge c) {
        return scopes.isEmpty() && c.param("scope") != null ? c.param("scope") : scopes;
    }

    private String bearer(Challenge c, boolean refresh) throws IOException {
        String scope = scopeFor(c);
        String key = TokenCache.key(c.param("realm") + "|" + c.param("service"), RegistryAuth.identity(auth), scope);
        if (refresh) {
            tokens.invalidate(key);
        } else {
            Optional<String> cached = tokens.get(key);
            if (cached.isPresent()) {
                return cached.get();
            }
        }
        return fetchToken(c, scope, key);
    }

    /** GET realm?service=&scope=… (Basic credentials when given), or the OAuth2 refresh-token POST. */
    private String fetchToken(Challenge c, String scope, String key) throws IOException {
        StringBuilder q = new StringBuilder();
        if (c.param("service") != null) {
            q.append("service=").append(enc(c.param("service")));
        }
        for (String s : scope.isEmpty() ? new String[0] : scope.split(" ")) {
            q.append(q.length() > 0 ? "&" : "").append("scope=").append(enc(s));
        }
        URI realm = URI.create(c.param("realm"));
        HttpRequest.Builder b;
        String identityToken = auth.identityToken();
        if (identityToken != null && !identityToken.isEmpty()) {
            String form = q + (q.length() > 0 ? "&" : "") + "grant_type=refresh_token&client_id=jdock&refresh_token="
                    + enc(identityToken);
            b = HttpRequest.newBuilder(realm).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form));
        } else {
            if (auth.hasBasic()) {
                q.append(q.length() > 0 ? "&" : "").append("account=").append(enc(auth.username()));
            }
            URI u = URI.create(realm + (q.length() > 0 ? (realm.getRawQuery() == null ? "?" : "&") + q : ""));
            b = HttpRequest.newBuilder(u).GET();
            if (auth.hasBasic()) {
                b.header("Authorization", RegistryAuth.basicHeader(auth));
            }
        }
        HttpResponse<InputStream> r = sendRaw(hosts.clientFor(realm), b.timeout(Duration.ofMinutes(1)).build());
        byte[] body;
        try (InputStream in = r.body()) {
            body = in.readNBytes(1024 * 1024);
        }
        if (r.statusCode() != 200) {
            String msg = RegistryErrors.message(r.statusCode(), body);
            ErrorKind kind = r.statusCode() == 401 || r.statusCode() == 403 ? ErrorKind.UNAUTHORIZED : ErrorKind.SYSTEM;
            String prefix = r.statusCode() == 401 && !msg.startsWith("unauthorized") ? "unauthorized: " : "";
            throw new EngineException(kind, "Get \"" + realm + "\": " + prefix + msg);
        }
        JsonNode json = Json.mapper().readTree(body);
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw EngineException.system("token server " + realm + " returned no token", null);
        }
        Instant issued = null;
        if (json.hasNonNull("issued_at")) {
            try {
                issued = Instant.parse(json.get("issued_at").asText());
            } catch (RuntimeException ignored) {
                // not a timestamp: count from now
            }
        }
        tokens.put(key, token, json.path("expires_in").asLong(60), issued);
        return token;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
