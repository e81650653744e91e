package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.build.DockerIgnore;
import dev.jdock.cli.core.CliException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The build context tar: docker's walk order, modes, uid/gid 0, links, .dockerignore, the added Dockerfile. */
class ContextTarTest {
    @TempDir
    Path dir;

    @BeforeEach
    void context() throws IOException {
        Files.writeString(dir.resolve("Dockerfile"), "FROM busybox\n");
        Files.writeString(dir.resolve("a.txt"), "a\n");
        Files.setPosixFilePermissions(dir.resolve("a.txt"), PosixFilePermissions.fromString("rwxr-x--x"));
        Files.createDirectories(dir.resolve("sub/deep"));
        Files.writeString(dir.resolve("sub/keep.txt"), "k");
        Files.writeString(dir.resolve("sub/deep/secret"), "s");
        Files.createSymbolicLink(dir.resolve("link"), Path.of("a.txt"));
        Files.createLink(dir.resolve("hard"), dir.resolve("a.txt"));
    }

    private List<TarEntries.Entry> tar(String... patterns) throws IOException {
        try (ContextTar t = new ContextTar(dir, DockerIgnore.of(List.of(patterns)))) {
            return TarEntries.read(t);
        }
    }

    @Test
    void walk_sortedDepthFirst_modesKept_uid0_symlinksAndHardLinksAsLinks() throws IOException {
        List<TarEntries.Entry> entries = tar();
        assertEquals(List.of("Dockerfile 0 644", "a.txt 0 751", "hard 1 751 -> a.txt", "link 2 777 -> a.txt",
                "sub/ 5 755", "sub/deep/ 5 755", "sub/deep/secret 0 644", "sub/keep.txt 0 644"),
                TarEntries.briefs(entries));
        assertTrue(entries.stream().allMatch(e -> e.uid() == 0 && e.gid() == 0), "docker sends uid/gid 0");
        assertEquals("a\n", entries.get(1).data());
    }

    @Test
    void dockerignore_excludesFilesAndDirectories_withExceptions() throws IOException {
        assertEquals(List.of("Dockerfile 0 644", "link 2 777 -> a.txt"), TarEntries.briefs(tar("sub", "*.txt",
                "hard")));
        assertEquals(List.of("Dockerfile 0 644", "sub/keep.txt 0 644"),
                TarEntries.briefs(tar("*", "!sub/keep.txt", "!Dockerfile")),
                "an exception inside an excluded directory is walked into; the directory itself is not sent");
    }

    @Test
    void dockerfileAndDockerignore_alwaysSent_asDockersTrimBuildFilesFromExcludes() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "*\n");
        DockerIgnore ignore = BuildInput.ignoreOf(dir, "Dockerfile", false);
        try (ContextTar t = new ContextTar(dir, ignore)) {
            assertEquals(List.of(".dockerignore 0 644", "Dockerfile 0 644"), TarEntries.briefs(TarEntries.read(t)));
        }
        assertTrue(BuildInput.ignoreOf(dir, "Dockerfile", true).excluded("Dockerfile"),
                "a Dockerfile from stdin is not the context's");
    }

    @Test
    void extraAndReplaced_entries_asDockersReplaceFileTarWrapper() throws IOException {
        Files.writeString(dir.resolve(".dockerignore"), "sub");
        Path df = Files.writeString(dir.resolve("sub/other.Dockerfile"), "FROM scratch\n");
        try (ContextTar t = new ContextTar(dir, DockerIgnore.of(List.of("sub", "hard", "link", "a.txt")))) {
            t.extra(".dockerfile.0123", 0600, df).replace(".dockerignore", "sub\n.dockerfile.0123\n"
                    .getBytes(StandardCharsets.UTF_8));
            List<TarEntries.Entry> entries = TarEntries.read(t);
            assertEquals(List.of(".dockerignore 0 644", "Dockerfile 0 644", ".dockerfile.0123 0 600"),
                    TarEntries.briefs(entries));
            assertEquals("sub\n.dockerfile.0123\n", entries.get(0).data());
            assertEquals("FROM scratch\n", entries.get(2).data());
        }
    }

    @Test
    void readOneByteAtATime_isTheSameArchive() throws IOException {
        ByteArrayOutputStream bulk = new ByteArrayOutputStream();
        try (ContextTar t = new ContextTar(dir, DockerIgnore.of(List.of()))) {
            t.transferTo(bulk);
        }
        ByteArrayOutputStream single = new ByteArrayOutputStream();
        try (ContextTar t = new ContextTar(dir, DockerIgnore.of(List.of()))) {
            int b;
            while ((b = t.read()) >= 0) {
                single.write(b);
            }
        }
        assertArrayEquals(bulk.toByteArray(), single.toByteArray());
        assertEquals(0, bulk.size() % 512);
    }

    @Test
    void unreadableFile_isDockersErrorBeforeAnythingIsSent() throws IOException {
        ContextTar.Opener denied = p -> {
            if (p.endsWith("keep.txt")) {
                throw new AccessDeniedException(p.toString());
            }
            return new ByteArrayInputStream(new byte[0]);
        };
        CliException e = assertThrows(CliException.class,
                () -> ContextTar.validate(dir, DockerIgnore.of(List.of()), denied));
        assertEquals("error checking context: no permission to read from '" + dir.resolve("sub/keep.txt") + "'",
                e.getMessage());
        ContextTar.validate(dir, DockerIgnore.of(List.of("sub")), denied); // excluded: never opened
    }

    @Test
    void fileThatShrinksWhileSent_failsTheStream() throws IOException {
        ContextTar.Opener short1 = p -> p.endsWith("a.txt") ? new ByteArrayInputStream(new byte[1])
                : Files.newInputStream(p);
        try (InputStream t = new ContextTar(dir, DockerIgnore.of(List.of()), short1)) {
            IOException e = assertThrows(IOException.class, () -> t.transferTo(OutputStreamSink.INSTANCE));
            assertTrue(e.getMessage().contains("shrank"), e.getMessage());
        }
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }
    }
}
