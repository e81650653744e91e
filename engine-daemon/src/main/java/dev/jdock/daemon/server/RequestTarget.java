package dev.jdock.daemon.server;

import dev.jdock.api.ApiVersion;
import dev.jdock.daemon.api.Routes;
import dev.jdock.daemon.errors.EngineException;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A request's URL taken apart: version prefix, route and its parameters, query. A URL Go's server refuses outright
 * (a bad {@code %} escape or a control byte in the path) is a {@link Malformed}; a bad escape in the query is a plain
 * 400 for the route, as moby's {@code ParseForm} answers.
 */
record RequestTarget(Exchange.Target target, Routes.Match match, EngineException error) {
    private static final Pattern VERSIONED = Pattern.compile("^/v([0-9]+)\\.([0-9]+)(/.*)$");

    /** The URL cannot be served at all. */
    static final class Malformed extends Exception {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message, null, false, false);
        }
    }

    static RequestTarget parse(HttpRequest req, Routes routes) throws Malformed {
        String uri = req.uri();
        for (int i = 0; i < uri.length(); i++) {
            char c = uri.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw new Malformed("invalid control character in URL");
            }
        }
        int q = uri.indexOf('?');
        String rawPath = q >= 0 ? uri.substring(0, q) : uri;
        String pathEscape = badEscape(rawPath);
        if (pathEscape != null) {
            throw new Malformed("invalid URL escape \"" + pathEscape + "\"");
        }
        rawPath = rawPath.isEmpty() ? "/" : rawPath;
        ApiVersion version = ApiVersion.MAX;
        EngineException error = null;
        Matcher m = VERSIONED.matcher(rawPath);
        if (m.matches()) {
            rawPath = m.group(3);
            try {
                version = new ApiVersion(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
                error = versionError(version);
            } catch (NumberFormatException e) {
                error = EngineException.invalid("client version " + m.group(1) + "." + m.group(2)
                        + " is too new. Maximum supported API version is " + ApiVersion.MAX);
            }
        }
        Map<String, List<String>> query = Map.of();
        String queryEscape = q >= 0 ? badEscape(uri.substring(q + 1)) : null;
        if (queryEscape != null) {
            error = error != null ? error : EngineException.invalid("invalid URL escape \"" + queryEscape + "\"");
        } else if (q >= 0) {
            query = new QueryStringDecoder(uri, StandardCharsets.UTF_8).parameters();
        }
        Routes.Match match = null;
        if (error == null) {
            try {
                match = routes.match(req.method().name(), rawPath);
            } catch (EngineException e) {
                error = e;
            } catch (IllegalArgumentException e) {
                throw new Malformed(String.valueOf(e.getMessage()));
            }
        }
        Map<String, String> params = match == null ? Map.of() : match.params();
        return new RequestTarget(new Exchange.Target(rawPath, version, params, query), match, error);
    }

    private static EngineException versionError(ApiVersion version) {
        if (version.compareTo(ApiVersion.MAX) > 0) {
            return EngineException.invalid("client version " + version
                    + " is too new. Maximum supported API version is " + ApiVersion.MAX);
        }
        if (version.compareTo(ApiVersion.MIN) < 0) {
            return EngineException.invalid("client version " + version
                    + " is too old. Minimum supported API version is " + ApiVersion.MIN
                    + ", please upgrade your client to a newer version");
        }
        return null;
    }

    /** The first {@code %} not followed by two hex digits, as Go's url.EscapeError shows it; null when none. */
    static String badEscape(String s) {
        for (int i = s.indexOf('%'); i >= 0; i = s.indexOf('%', i + 1)) {
            if (i + 2 >= s.length() || !isHex(s.charAt(i + 1)) || !isHex(s.charAt(i + 2))) {
                return s.substring(i, Math.min(s.length(), i + 3));
            }
            i += 2;
        }
        return null;
    }

    private static boolean isHex(char c) {
        return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F';
    }
}
