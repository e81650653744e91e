package dev.jdock.api.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.GoPath;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

class DockerIgnoreTest {
    private static DockerIgnore ignore(String text) {
        return DockerIgnore.parse(new StringReader(text));
    }

    @Test
    void parse_normalizesLikeMoby() {
        DockerIgnore d = ignore("\uFEFF# comment\n\n  a/b/  \n/abs\n./rel\n!  ./keep\n # not a comment\nx//y/../z\n/\n");
        assertEquals(List.of("a/b", "abs", "rel", "!keep", "# not a comment", "x/z", "/"), d.patterns());
        assertTrue(d.hasExceptions());
    }

    @Test
    void plainNames_matchPathAndEverythingBelow() {
        DockerIgnore d = ignore("node_modules\n");
        assertTrue(d.excluded("node_modules"));
        assertTrue(d.excluded("node_modules/a/b.js"));
        assertFalse(d.excluded("src/node_modules"));
        assertFalse(d.excluded("node_modules2"));
    }

    @Test
    void star_doesNotCrossSlash() {
        DockerIgnore d = ignore("*.md\n");
        assertTrue(d.excluded("README.md"));
        assertFalse(d.excluded("docs/README.md"));
        assertTrue(ignore("*/*.md").excluded("docs/README.md"));
    }

    @Test
    void questionMark_isOneCharacterButSlash() {
        DockerIgnore d = ignore("a?c\n");
        assertTrue(d.excluded("abc"));
        assertFalse(d.excluded("a/c"));
        assertFalse(d.excluded("ac"));
    }

    @Test
    void doubleStar_matchesAnyDepth() {
        DockerIgnore d = ignore("**/*.go\n");
        assertTrue(d.excluded("main.go"));
        assertTrue(d.excluded("a/b/c.go"));
        assertFalse(d.excluded("a/b/c.goo"));
        assertTrue(ignore("a/**/z").excluded("a/z"));
        assertTrue(ignore("a/**/z").excluded("a/b/c/z"));
        assertTrue(ignore("a/**").excluded("a/b/c"));
        assertTrue(ignore("**").excluded("anything/at/all"));
        assertTrue(ignore("**foo").excluded("x/barfoo"));
    }

    @Test
    void charClassesAndEscapes() {
        assertTrue(ignore("file[0-9].txt").excluded("file7.txt"));
        assertFalse(ignore("file[0-9].txt").excluded("filex.txt"));
        assertTrue(ignore("file[^0-9]").excluded("filex"));
        assertTrue(ignore("a\\*b").excluded("a*b"));
        assertFalse(ignore("a\\*b").excluded("axb"));
        assertTrue(ignore("a.b").excluded("a.b"));
        assertFalse(ignore("a.b").excluded("axb"));
        assertEquals("syntax error in pattern",
                assertThrows(IllegalArgumentException.class, () -> ignore("a[b")).getMessage());
    }

    @Test
    void exceptions_laterPatternsWin() {
        DockerIgnore d = ignore("*.md\n!README.md\n");
        assertTrue(d.excluded("CHANGES.md"));
        assertFalse(d.excluded("README.md"));
        DockerIgnore again = ignore("*.md\n!README*.md\nREADME-secret.md\n");
        assertTrue(again.excluded("README-secret.md"));
        assertFalse(again.excluded("README-public.md"));
        assertEquals("illegal exclusion pattern: \"!\"",
                assertThrows(IllegalArgumentException.class, () -> ignore("!\n")).getMessage());
    }

    @Test
    void exceptionInsideExcludedDirectory() {
        DockerIgnore d = ignore("build\n!build/keep.txt\n");
        assertTrue(d.excluded("build"));
        assertTrue(d.excluded("build/other"));
        assertFalse(d.excluded("build/keep.txt"));
        assertFalse(d.canSkipDirectory("build"));
    }

    @Test
    void canSkipDirectory_onlyWhenNoExceptionReachesIt() {
        assertTrue(ignore("target\n").canSkipDirectory("target"));
        assertFalse(ignore("target\n").canSkipDirectory("src"));
        assertTrue(ignore("target\n!src/x\n").canSkipDirectory("target"));
        assertFalse(ignore("*\n!*/keep\n").canSkipDirectory("any"));
        assertFalse(ignore("a\n!**/keep\n").canSkipDirectory("a"));
        assertTrue(ignore("a/b\n!a/c/x\n").canSkipDirectory("a/b"));
    }

    @Test
    void dockerfileAndIgnoreFile_areOrdinaryPatterns() {
        DockerIgnore d = ignore("Dockerfile\n.dockerignore\n");
        assertTrue(d.excluded("Dockerfile"));
        assertTrue(d.excluded(".dockerignore"));
        assertTrue(d.excluded("./Dockerfile"));
    }

    @Test
    void pathologicalPattern_onLongPath_isCorrect() {
        DockerIgnore d = ignore("*a*a*a*a*a*a*a*b\n");
        String path = "a".repeat(50_000);
        assertFalse(d.excluded(path));
        assertTrue(d.excluded(path + "b"));
        DockerIgnore deep = ignore("**/**/**/**/**/x\n");
        assertFalse(deep.excluded("a/".repeat(5_000) + "y"));
        assertTrue(deep.excluded("a/".repeat(5_000) + "x"));
    }

    @Test
    void goClean() {
        assertEquals(".", GoPath.clean(""));
        assertEquals("a", GoPath.clean("./a/"));
        assertEquals("../a", GoPath.clean("../a"));
        assertEquals("/a", GoPath.clean("/../a"));
        assertEquals("b", GoPath.clean("a/../b"));
    }
}
