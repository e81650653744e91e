package dev.jdock.daemon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * docs/api-compat.md lists every route jdockd serves: each {@link Router} of the daemon (found on the class path,
 * built with null dependencies: registering must not touch them) is registered, and every {@code METHOD path} must
 * appear in the first column of one of the doc's endpoint tables.
 */
class ApiCompatDocTest {
    private static final Pattern CODE = Pattern.compile("`([^`]+)`");
    private static final Pattern METHODS = Pattern.compile("^((?:GET|HEAD|POST|PUT|DELETE)(?:/(?:GET|HEAD|POST|PUT|DELETE))*) (/\\S*)$");

    @Test
    void everyRegisteredRoute_isListedInApiCompatMd() throws Exception {
        Set<String> documented = documented(Files.readAllLines(Path.of("..", "docs", "api-compat.md")));
        Routes routes = new Routes();
        List<String> routers = new ArrayList<>();
        for (Class<?> c : routerClasses()) {
            routers.add(c.getSimpleName());
            instantiate(c).register(routes);
        }
        assertTrue(routers.contains("SystemRouter") && routers.contains("ContainerRouter"), routers.toString());
        Set<String> missing = new TreeSet<>();
        for (String r : routes.describe()) {
            String route = normalise(r);
            if (!documented.contains(route)) {
                missing.add(route);
            }
        }
        assertEquals(Set.of(), missing, "routes that docs/api-compat.md does not list");
    }

    @Test
    void documented_expandsMethodListsAndSuffixes() {
        Set<String> d = documented(List.of("| endpoint | status | notes |", "|---|---|---|",
                "| `GET/HEAD /_ping` | works | x `GET /not/this` |",
                "| `POST /containers/{id}/pause`, `/unpause` | works | |",
                "| `POST /images/create?fromImage=` | works | |"));
        assertEquals(Set.of("GET /_ping", "HEAD /_ping", "POST /containers/{}/pause", "POST /containers/{}/unpause",
                "POST /images/create"), d);
    }

    /** {@code METHOD path} of every endpoint in the first cell of the doc's table rows, path params as {}. */
    static Set<String> documented(List<String> lines) {
        Set<String> out = new TreeSet<>();
        for (String line : lines) {
            String[] cells = line.split("\\|");
            if (!line.startsWith("|") || cells.length < 3) {
                continue;
            }
            List<String> methods = List.of();
            String last = null;
            Matcher m = CODE.matcher(cells[1]);
            while (m.find()) {
                String item = m.group(1).trim().replaceAll("\\?.*$", "");
                Matcher mm = METHODS.matcher(item);
                String path;
                if (mm.matches()) {
                    methods = List.of(mm.group(1).split("/"));
                    path = mm.group(2);
                } else if (item.startsWith("/") && last != null) {
                    path = item.indexOf('/', 1) < 0 ? last.substring(0, last.lastIndexOf('/')) + item : item;
                } else {
                    continue;
                }
                last = path;
                for (String method : methods) {
                    out.add(normalise(method + " " + path));
                }
            }
        }
        return out;
    }

    private static String normalise(String route) {
        return route.replaceAll("\\{[^}]*}", "{}");
    }

    private static List<Class<?>> routerClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        Path root = Path.of(Router.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
                String name = root.relativize(p).toString().replace('/', '.').replaceAll("\\.class$", "");
                Class<?> c = Class.forName(name, false, ApiCompatDocTest.class.getClassLoader());
                if (Router.class.isAssignableFrom(c) && !c.isInterface() && !Modifier.isAbstract(c.getModifiers())
                        && !c.isAnonymousClass() && !c.isSynthetic()) {
                    out.add(c);
                }
            }
        }
        return out;
    }

    private static Router instantiate(Class<?> c) throws ReflectiveOperationException {
        Constructor<?> best = null;
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (best == null || k.getParameterCount() < best.getParameterCount()) {
                best = k;
            }
        }
        Object[] args = new Object[best.getParameterCount()];
        Class<?>[] types = best.getParameterTypes();
        for (int i = 0; i < args.length; i++) {
            args[i] = !types[i].isPrimitive() ? null : types[i] == boolean.class ? false
                    : types[i] == long.class ? 0L : types[i] == int.class ? 0 : null;
        }
        best.setAccessible(true);
        return (Router) best.newInstance(args);
    }
}
