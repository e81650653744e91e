package dev.jdock.daemon.build.dockerfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Dockerfile corpus (src/test/resources/dockerfile): each {@code X.Dockerfile} parses to what
 * {@code X.expected} holds, one line per directive set, warning and instruction (the record, newlines and tabs
 * escaped), or {@code error: <message>} for a bad file. {@code -Ddockerfile.corpus.write=true} rewrites the
 * expected files (review the diff).
 */
class DockerfileCorpusTest {
    private static final Path CORPUS = Path.of("src/test/resources/dockerfile");

    static Stream<String> files() throws IOException {
        try (Stream<Path> s = Files.list(CORPUS)) {
            List<String> names = s.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".Dockerfile"))
                    .sorted().toList();
            assertTrue(names.size() > 10, "corpus not found at " + CORPUS.toAbsolutePath());
            return names.stream();
        }
    }

    @ParameterizedTest
    @MethodSource("files")
    void corpusFile_parsesAsExpected(String name) throws IOException {
        String actual = render(CORPUS.resolve(name));
        Path expected = CORPUS.resolve(name.replace(".Dockerfile", ".expected"));
        if (Boolean.getBoolean("dockerfile.corpus.write")) {
            Files.writeString(expected, actual);
        }
        assertEquals(Files.readString(expected), actual, name);
    }

    private static String render(Path file) throws IOException {
        StringBuilder out = new StringBuilder();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            Dockerfile d = Dockerfile.parse(in, 1 << 20);
            out.append(line(d.directives().toString()));
            for (String w : d.warnings()) {
                out.append(line("warning: " + w));
            }
            for (Instruction i : d.instructions()) {
                out.append(line(i.toString()));
            }
        } catch (EngineException e) {
            out.append(line("error: " + e.getMessage()));
        }
        return out.toString();
    }

    private static String line(String s) {
        return s.replace("\\n", "\\\\n").replace("\n", "\\n").replace("\t", "\\t") + "\n";
    }
}
