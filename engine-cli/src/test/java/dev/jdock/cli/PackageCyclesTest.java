package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The CLI's packages form no cycle and keep their layers: {@code dev.jdock.cli} (the entry point and the command
 * table) on top, one package per resource under {@code command} that uses none of its siblings, and below them
 * what they share ({@code command} itself, {@code core}, {@code format}, {@code io}). Read from the sources: each
 * file's package and the {@code dev.jdock.cli} packages it names (imports and fully qualified names).
 */
class PackageCyclesTest {
    private static final Path SOURCES = Path.of("src/main/java");
    private static final String ROOT = "dev.jdock.cli";
    private static final String COMMANDS = ROOT + ".command";
    private static final Pattern PACKAGE = Pattern.compile("^package ([\\w.]+);", Pattern.MULTILINE);
    private static final Pattern USE = Pattern.compile("\\b(dev\\.jdock\\.cli(?:\\.[a-z]\\w*)*)\\.[A-Z]");

    @Test
    void cliPackages_haveNoCycle() throws IOException {
        Map<String, Set<String>> uses = packageGraph();
        assertTrue(uses.size() > 5, "the sources were not found from " + SOURCES.toAbsolutePath());
        assertEquals(List.of(), cycles(uses), "package cycles (each: packages that reach one another)");
    }

    @Test
    void commandPackages_useNoSibling_andSharedPackages_useNoCommand() throws IOException {
        List<String> wrong = new ArrayList<>();
        packageGraph().forEach((from, tos) -> {
            for (String to : tos) {
                boolean resourceToResource = isResource(from) && isResource(to);
                boolean sharedToUpper = !isResource(from) && !from.equals(ROOT) && (isResource(to) || to.equals(ROOT));
                if (resourceToResource || sharedToUpper) {
                    wrong.add(from + " -> " + to);
                }
            }
        });
        assertEquals(List.of(), wrong, "uses across the layers (a shared helper belongs in command, core or format)");
    }

    private static boolean isResource(String pkg) {
        return pkg.startsWith(COMMANDS + ".");
    }

    private static Map<String, Set<String>> packageGraph() throws IOException {
        Map<String, Set<String>> uses = new TreeMap<>();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            for (Path f : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                String src = Files.readString(f);
                Matcher pkg = PACKAGE.matcher(src);
                if (!pkg.find()) {
                    continue;
                }
                Set<String> out = uses.computeIfAbsent(pkg.group(1), k -> new TreeSet<>());
                Matcher m = USE.matcher(src.substring(pkg.end()));
                while (m.find()) {
                    if (!m.group(1).equals(pkg.group(1))) {
                        out.add(m.group(1));
                    }
                }
            }
        }
        return uses;
    }

    /** Tarjan's strongly connected components of more than one package. */
    private static List<Set<String>> cycles(Map<String, Set<String>> uses) {
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> low = new HashMap<>();
        Deque<String> stack = new ArrayDeque<>();
        Set<String> onStack = new HashSet<>();
        List<Set<String>> out = new ArrayList<>();
        for (String v : uses.keySet()) {
            if (!index.containsKey(v)) {
                connect(v, uses, index, low, stack, onStack, out);
            }
        }
        return out;
    }

    private static void connect(String v, Map<String, Set<String>> uses, Map<String, Integer> index,
            Map<String, Integer> low, Deque<String> stack, Set<String> onStack, List<Set<String>> out) {
        index.put(v, index.size());
        low.put(v, index.get(v));
        stack.push(v);
        onStack.add(v);
        for (String w : uses.getOrDefault(v, Set.of())) {
            if (!index.containsKey(w)) {
                connect(w, uses, index, low, stack, onStack, out);
                low.put(v, Math.min(low.get(v), low.get(w)));
            } else if (onStack.contains(w)) {
                low.put(v, Math.min(low.get(v), index.get(w)));
            }
        }
        if (low.get(v).equals(index.get(v))) {
            Set<String> component = new TreeSet<>();
            String w;
            do {
                w = stack.pop();
                onStack.remove(w);
                component.add(w);
            } while (!w.equals(v));
            if (component.size() > 1) {
                out.add(component);
            }
        }
    }
}
