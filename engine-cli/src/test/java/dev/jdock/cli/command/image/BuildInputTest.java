package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.cli.core.CliException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PATH | URL | - and -f resolved as the docker CLI's legacy builder resolves them, with its messages. */
class BuildInputTest {
    @TempDir
    Path cwd;

    private static InputStream stdin(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    private static String message(ThrowingRunnable r) {
        return assertThrows(CliException.class, r::run).getMessage();
    }

    private interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static List<TarEntries.Entry> entries(BuildInput in) throws IOException {
        try (in) {
            return TarEntries.read(in.body());
        }
    }

    @Test
    void directory_withItsDockerfile_orLowercaseDockerfile() throws IOException {
        Files.createDirectories(cwd.resolve("ctx"));
        Files.writeString(cwd.resolve("ctx/dockerfile"), "FROM busybox\n");
        BuildInput in = BuildInput.resolve("ctx", null, stdin(""), cwd);
        assertEquals("dockerfile", in.dockerfile());
        assertNull(in.remote());
        assertEquals(List.of("dockerfile 0 644"), TarEntries.briefs(entries(in)));
    }

    @Test
    void dockerfileFromStdin_addedUnderARandomName_thatTheDockerignoreNames() throws IOException {
        Files.createDirectories(cwd.resolve("ctx"));
        Files.writeString(cwd.resolve("ctx/a"), "a");
        BuildInput in = BuildInput.resolve("ctx", "-", stdin("FROM scratch\n"), cwd);
        assertTrue(in.dockerfile().matches("\\.dockerfile\\.[0-9a-f]{20}"), in.dockerfile());
        Path temp = in.temp();
        List<TarEntries.Entry> e = entries(in);
        assertEquals(List.of("a 0 644", in.dockerfile() + " 0 600", ".dockerignore 0 600"), TarEntries.briefs(e));
        assertEquals("FROM scratch\n", e.get(1).data());
        assertEquals(".dockerignore\n" + in.dockerfile() + "\n", e.get(2).data());
        assertFalse(Files.exists(temp), "the stdin Dockerfile's temporary copy is removed");
    }

    @Test
    void dockerfileOutsideTheContext_isAddedAsDockerDoes_relativeToTheWorkingDirectory() throws IOException {
        Files.createDirectories(cwd.resolve("ctx"));
        Files.writeString(cwd.resolve("ctx/.dockerignore"), "x\n");
        Files.writeString(cwd.resolve("other.Dockerfile"), "FROM busybox\n");
        BuildInput in = BuildInput.resolve("ctx", "other.Dockerfile", stdin(""), cwd);
        List<TarEntries.Entry> e = entries(in);
        assertEquals(List.of(".dockerignore 0 644", in.dockerfile() + " 0 600"), TarEntries.briefs(e));
        assertEquals("x\n\n" + in.dockerfile() + "\n", e.get(0).data());
        Files.writeString(cwd.resolve("ctx/sub.Dockerfile"), "FROM busybox\n");
        assertEquals("sub.Dockerfile", BuildInput.resolve("ctx", "ctx/sub.Dockerfile", stdin(""), cwd).dockerfile());
    }

    @Test
    void stdinArchive_isSentAsItIs_plainOrCompressed() throws IOException {
        Files.createDirectories(cwd.resolve("ctx"));
        Files.writeString(cwd.resolve("ctx/Dockerfile"), "FROM busybox\n");
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        BuildInput.resolve("ctx", null, stdin(""), cwd).body().transferTo(tar);
        BuildInput plain = BuildInput.resolve("-", "sub/Dockerfile", new ByteArrayInputStream(tar.toByteArray()), cwd);
        assertEquals("sub/Dockerfile", plain.dockerfile());
        assertEquals(tar.size(), plain.body().readAllBytes().length);
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
            z.write(tar.toByteArray());
        }
        BuildInput compressed = BuildInput.resolve("-", null, new ByteArrayInputStream(gz.toByteArray()), cwd);
        assertEquals("", compressed.dockerfile(), "the daemon's default");
        assertEquals(gz.size(), compressed.body().readAllBytes().length);
    }

    @Test
    void stdinDockerfile_becomesAContextOfItsOwn() throws IOException {
        BuildInput in = BuildInput.resolve("-", null, stdin("FROM busybox\nRUN true\n"), cwd);
        assertEquals("Dockerfile", in.dockerfile());
        List<TarEntries.Entry> e = entries(in);
        assertEquals(List.of("Dockerfile 0 644"), TarEntries.briefs(e));
        assertEquals("FROM busybox\nRUN true\n", e.get(0).data());
    }

    @Test
    void url_isTheDaemonsRemote() throws IOException {
        BuildInput in = BuildInput.resolve("https://example.invalid/ctx.tar", "df", stdin(""), cwd);
        assertNull(in.body());
        assertEquals("https://example.invalid/ctx.tar", in.remote());
        assertEquals("df", in.dockerfile());
    }

    @Test
    void errors_areDockers() throws IOException {
        assertEquals("invalid argument: can't use stdin for both build context and dockerfile",
                message(() -> BuildInput.resolve("-", "-", stdin(""), cwd)));
        assertEquals("unable to prepare context: ambiguous Dockerfile source: both stdin and flag correspond to "
                + "Dockerfiles", message(() -> BuildInput.resolve("-", "x", stdin("FROM x"), cwd)));
        assertEquals("unable to prepare context: path \"nosuch\" not found",
                message(() -> BuildInput.resolve("nosuch", null, stdin(""), cwd)));
        Files.writeString(cwd.resolve("file"), "");
        assertEquals("unable to prepare context: context must be a directory: " + cwd.toRealPath().resolve("file"),
                message(() -> BuildInput.resolve("file", null, stdin(""), cwd)));
        Files.createDirectories(cwd.resolve("empty"));
        assertEquals("unable to prepare context: unable to evaluate symlinks in Dockerfile path: lstat "
                + cwd.resolve("empty/Dockerfile") + ": no such file or directory",
                message(() -> BuildInput.resolve("empty", null, stdin(""), cwd)));
    }

    @Test
    void isArchive_magicOrATarHeader() throws IOException {
        assertTrue(BuildInput.isArchive(new byte[] {0x1f, (byte) 0x8b, 8, 0}));
        assertTrue(BuildInput.isArchive("BZh91AY".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(BuildInput.isArchive(new byte[] {(byte) 0xfd, '7', 'z', 'X', 'Z', 0}));
        assertTrue(BuildInput.isArchive(new byte[] {0x28, (byte) 0xb5, 0x2f, (byte) 0xfd}));
        assertFalse(BuildInput.isArchive("FROM busybox\n".getBytes(StandardCharsets.US_ASCII)));
        assertFalse(BuildInput.isArchive(new byte[1024]), "zero blocks are an empty archive, not a context");
    }
}
