package dev.jdock.daemon.api;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The route table. Patterns use {name} for one path segment and {name:.*} for a greedy match (image names contain
 * '/', and clients do not escape them). Routes are tried in registration order.
 */
public final class Routes {
    private static final Pattern PARAM = Pattern.compile("\\{([a-zA-Z]+)(:\\.\\*)?}");

    private final List<Route> routes = new ArrayList<>();

    public void get(String pattern, Handler h) {
        add("GET", pattern, h);
    }

    public void head(String pattern, Handler h) {
        add("HEAD", pattern, h);
    }

    public void post(String pattern, Handler h) {
        add("POST", pattern, h);
    }

    public void put(String pattern, Handler h) {
        add("PUT", pattern, h);
    }

    public void delete(String pattern, Handler h) {
        add("DELETE", pattern, h);
    }

    public void add(String method, String pattern, Handler handler) {
        StringBuilder regex = new StringBuilder("^");
        List<String> names = new ArrayList<>();
        Matcher m = PARAM.matcher(pattern);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(pattern.substring(last, m.start())));
            names.add(m.group(1));
            regex.append(m.group(2) != null ? "(.+)" : "([^/]+)");
            last = m.end();
        }
        regex.append(Pattern.quote(pattern.substring(last))).append("$");
        String prefix = names.isEmpty() ? pattern : pattern.substring(0, pattern.indexOf('{'));
        String suffix = names.isEmpty() ? "" : pattern.substring(last);
        routes.add(new Route(method, pattern, Pattern.compile(regex.toString()), List.copyOf(names), handler,
                method + " " + pattern, prefix, suffix));
    }

    /** Every registered route as {@code METHOD pattern}, in registration order (for checks of the docs). */
    public List<String> describe() {
        return routes.stream().map(Route::key).toList();
    }

    /**
     * Finds the handler for a method and a raw (still URL-encoded) path. Throws the mux's 404 "page not found" when
     * nothing matches, as dockerd does for both unknown paths and wrong methods.
     */
    public Match match(String method, String rawPath) {
        String m = "HEAD".equals(method) ? "HEAD" : method;
        for (int pass = 0; pass < 2; pass++) {
            for (Route r : routes) {
                String want = pass == 0 ? m : ("HEAD".equals(m) ? "GET" : null);
                if (want == null || !r.method.equals(want) || !r.mayMatch(rawPath)) {
                    continue;
                }
                Matcher mm = r.pattern.matcher(rawPath);
                if (mm.matches()) {
                    Map<String, String> params = new HashMap<>();
                    for (int i = 0; i < r.names.size(); i++) {
                        params.put(r.names.get(i), URLDecoder.decode(mm.group(i + 1).replace("+", "%2B"),
                                StandardCharsets.UTF_8));
                    }
                    return new Match(r.handler, Map.copyOf(params), r.key);
                }
            }
        }
        throw new EngineException(ErrorKind.NOT_FOUND, "page not found");
    }

    public Optional<Match> find(String method, String rawPath) {
        try {
            return Optional.of(match(method, rawPath));
        } catch (EngineException e) {
            return Optional.empty();
        }
    }

    /** {@code key}: {@code METHOD template}, made once (the metrics label requests by it, without allocating). */
    private record Route(String method, String template, Pattern pattern, List<String> names, Handler handler,
            String key, String prefix, String suffix) {
        /**
         * The pattern's literal text before its first parameter and after its last: a path without them cannot
         * match, so most routes are passed over without running their regex (the lookup runs on an event loop).
         */
        boolean mayMatch(String rawPath) {
            return rawPath.startsWith(prefix) && rawPath.endsWith(suffix);
        }
    }

    /**
     * A matched route with its decoded path parameters; {@code route} is the route as {@code METHOD template}
     * ({@code GET /containers/{id}/json}), never the request's path.
     */
    public record Match(Handler handler, Map<String, String> params, String route) {
    }
}
