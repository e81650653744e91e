package dev.jdock.cli.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every key a reply view reads is a JSON field of the engine-api record it names in {@link ViewOf}: renaming a
 * record field (or its {@code @JsonProperty}) fails here instead of making the CLI print empty cells.
 */
class ReplyViewsTest {

    /** The classes of this package that carry {@link ViewOf} (views, and key holders for nested objects). */
    static List<Class<?>> views() throws IOException, URISyntaxException, ClassNotFoundException {
        Path dir = Path.of(JsonView.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(JsonView.class.getPackageName().replace('.', '/'));
        List<Class<?>> out = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files.sorted()::iterator) {
                String name = f.getFileName().toString();
                if (name.endsWith(".class")) {
                    Class<?> c = Class.forName(JsonView.class.getPackageName() + "." + name.replace(".class", ""));
                    if (c.isAnnotationPresent(ViewOf.class)) {
                        out.add(c);
                    }
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("views")
    void everyKeyTheViewReads_isAJsonFieldOfItsRecord(Class<?> view) throws IllegalAccessException {
        Class<? extends Record> record = view.getAnnotation(ViewOf.class).value();
        Set<String> keys = keys(view);
        assertTrue(!keys.isEmpty(), view + " declares no keys");
        Set<String> missing = new TreeSet<>(keys);
        missing.removeAll(jsonNames(record));
        assertEquals(Set.of(), missing, view.getSimpleName() + " reads keys that " + record.getName() + " lacks");
    }

    @Test
    void everyConcreteView_namesItsRecord() throws Exception {
        Path dir = Path.of(JsonView.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .resolve(JsonView.class.getPackageName().replace('.', '/'));
        List<String> unnamed = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                String name = f.getFileName().toString().replace(".class", "");
                Class<?> c = Class.forName(JsonView.class.getPackageName() + "." + name);
                if (JsonView.class.isAssignableFrom(c) && c != JsonView.class && !c.isAnnotationPresent(ViewOf.class)) {
                    unnamed.add(name);
                }
            }
        }
        assertEquals(List.of(), unnamed, "views without @ViewOf are not checked against a record");
        assertTrue(views().size() >= 4, "the views were not found: " + dir);
    }

    @Test
    void aKeyTheRecordLacks_isReported() throws IllegalAccessException {
        Set<String> names = jsonNames(dev.jdock.api.types.container.Port.class);
        assertTrue(names.contains("PrivatePort"), names.toString());
        assertTrue(!names.contains("privatePort"), "the JSON name, not the component name: " + names);
        assertTrue(keys(Renamed.class).contains("PrivatPort"));
        assertTrue(!names.containsAll(keys(Renamed.class)));
    }

    /** A view whose key has a typo: the check above must catch it. */
    static final class Renamed {
        static final String PRIVATE_PORT = "PrivatPort";
    }

    /** The view's {@code static final String} constants: the JSON keys it reads. */
    static Set<String> keys(Class<?> view) throws IllegalAccessException {
        Set<String> keys = new TreeSet<>();
        for (Field f : view.getDeclaredFields()) {
            int m = f.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && f.getType() == String.class) {
                f.setAccessible(true);
                keys.add((String) f.get(null));
            }
        }
        return keys;
    }

    /** The record's JSON field names: each component's {@code @JsonProperty}, else its name. */
    static Set<String> jsonNames(Class<? extends Record> record) {
        Set<String> names = new TreeSet<>();
        for (RecordComponent rc : record.getRecordComponents()) {
            JsonProperty p = rc.getAccessor().getAnnotation(JsonProperty.class);
            if (p == null) {
                p = rc.getAnnotation(JsonProperty.class);
            }
            names.add(p == null || p.value().isEmpty() ? rc.getName() : p.value());
        }
        return names;
    }
}
