package dev.jdock.cli.command.image;

import dev.jdock.api.build.DockerIgnore;
import dev.jdock.cli.core.CliException;
import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What a build sends, resolved from {@code PATH | URL | -} and {@code -f} as the docker CLI's legacy builder does:
 * a local directory becomes a {@link ContextTar} (with its .dockerignore; a Dockerfile from stdin or from outside
 * the context is added under a random {@code .dockerfile.<hex>} name that the .dockerignore also names), stdin is
 * sent as it is when it is an archive (tar, gzip, bzip2, xz, zstd) and is otherwise a Dockerfile alone, and a URL
 * is left to the daemon ({@code remote}). The context is read as it is sent, never held.
 *
 * @param body the request body, null for a remote context
 * @param dockerfile the {@code dockerfile} query value (may be empty: the daemon's default)
 * @param remote the {@code remote} query value, or null
 */
record BuildInput(InputStream body, String dockerfile, String remote, Path temp) implements Closeable {
    static final String DEFAULT_DOCKERFILE = "Dockerfile";
    private static final int PEEK = 1024;

    /** Resolves the context argument against {@code cwd}; a context that cannot be prepared is a CliException. */
    static BuildInput resolve(String context, String file, InputStream stdin, Path cwd) throws IOException {
        boolean dockerfileFromStdin = "-".equals(file);
        if (dockerfileFromStdin && context.equals("-")) {
            throw new CliException(1, "invalid argument: can't use stdin for both build context and dockerfile");
        }
        if (context.equals("-")) {
            return fromStdin(stdin, file);
        }
        Path local = cwd.resolve(context);
        if (Files.exists(local)) {
            return fromDirectory(local, file == null ? null : dockerfileFromStdin ? file : cwd.resolve(file).toString(),
                    stdin);
        }
        if (isRemote(context)) {
            return new BuildInput(null, file == null ? "" : file, context, null);
        }
        throw prepare("path \"" + context + "\" not found");
    }

    /** A URL docker would fetch (http/https) or clone (git): the daemon is asked for it as {@code remote}. */
    static boolean isRemote(String s) {
        return s.startsWith("http://") || s.startsWith("https://") || s.startsWith("git://") || s.startsWith("git@")
                || s.startsWith("github.com/");
    }

    private static CliException prepare(String message) {
        return new CliException(1, "unable to prepare context: " + message);
    }

    private static BuildInput fromDirectory(Path given, String file, InputStream stdin) throws IOException {
        Path dir;
        try {
            dir = given.toRealPath();
        } catch (IOException e) {
            throw prepare("unable to evaluate symlinks in context path: " + e.getMessage());
        }
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw prepare("context must be a directory: " + dir);
        }
        String rel = "-".equals(file) ? file : dockerfileIn(dir, file);
        boolean outside = rel.startsWith("../");
        DockerIgnore ignore = ignoreOf(dir, rel, "-".equals(file));
        ContextTar.validate(dir, ignore, Files::newInputStream);
        ContextTar tar = new ContextTar(dir, ignore);
        if (!"-".equals(file) && !outside) {
            return new BuildInput(tar, rel, null, null);
        }
        Path temp = null;
        Path dockerfile = outside ? dir.resolve(rel).normalize() : null;
        if (dockerfile == null) {
            temp = Files.createTempDirectory("jdock-build-");
            dockerfile = temp.resolve(DEFAULT_DOCKERFILE);
            Files.copy(stdin, dockerfile);
        }
        String name = ".dockerfile." + HexFormat.of().formatHex(new SecureRandom().generateSeed(10));
        tar.extra(name, 0600, dockerfile);
        Path ignoreFile = dir.resolve(".dockerignore");
        if (Files.isRegularFile(ignoreFile, LinkOption.NOFOLLOW_LINKS)) {
            tar.replace(".dockerignore", (Files.readString(ignoreFile) + "\n" + name + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        } else {
            tar.extra(".dockerignore", 0600, (".dockerignore\n" + name + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return new BuildInput(tar, name, null, temp);
    }

    /** The Dockerfile's path relative to the context ({@code ../...} when outside), as getDockerfileRelPath. */
    private static String dockerfileIn(Path dir, String file) {
        Path df;
        if (file == null) {
            df = dir.resolve(DEFAULT_DOCKERFILE);
            Path lower = dir.resolve("dockerfile");
            if (!Files.exists(df, LinkOption.NOFOLLOW_LINKS) && Files.exists(lower, LinkOption.NOFOLLOW_LINKS)) {
                df = lower;
            }
        } else {
            df = dir.resolve(file);
        }
        try {
            df = df.toRealPath();
        } catch (IOException e) {
            throw prepare("unable to evaluate symlinks in Dockerfile path: lstat " + df.toAbsolutePath().normalize()
                    + ": no such file or directory");
        }
        return dir.relativize(df).toString();
    }

    /**
     * The .dockerignore with docker's TrimBuildFilesFromExcludes: the .dockerignore itself and the Dockerfile are
     * sent even when a pattern excludes them (the daemon drops them from what COPY sees).
     */
    static DockerIgnore ignoreOf(Path dir, String dockerfile, boolean dockerfileFromStdin) throws IOException {
        Path f = dir.resolve(".dockerignore");
        if (!Files.exists(f)) {
            return DockerIgnore.of(List.of());
        }
        DockerIgnore read;
        try (InputStreamReader r = new InputStreamReader(Files.newInputStream(f), StandardCharsets.UTF_8)) {
            read = DockerIgnore.parse(r);
        } catch (IllegalArgumentException e) {
            throw new CliException(1, e.getMessage());
        }
        List<String> patterns = new ArrayList<>(read.patterns());
        if (read.excluded(".dockerignore")) {
            patterns.add("!.dockerignore");
        }
        if (!dockerfileFromStdin && read.excluded(dockerfile)) {
            patterns.add("!" + dockerfile);
        }
        return DockerIgnore.of(patterns);
    }

    /** docker's GetContextFromReader: an archive is sent as it is, anything else is the Dockerfile. */
    private static BuildInput fromStdin(InputStream stdin, String file) throws IOException {
        BufferedInputStream in = new BufferedInputStream(stdin, 64 * 1024);
        in.mark(PEEK);
        byte[] head = in.readNBytes(PEEK);
        in.reset();
        if (isArchive(head)) {
            return new BuildInput(in, file == null ? "" : file, null, null);
        }
        if (file != null) {
            throw prepare("ambiguous Dockerfile source: both stdin and flag correspond to Dockerfiles");
        }
        Path temp = Files.createTempDirectory("jdock-build-");
        Files.copy(in, temp.resolve(DEFAULT_DOCKERFILE));
        return new BuildInput(new ContextTar(temp, DockerIgnore.of(List.of())), DEFAULT_DOCKERFILE, null, temp);
    }

    /** Compression magic (gzip, bzip2, xz, zstd), or a first tar header whose checksum holds. */
    static boolean isArchive(byte[] h) {
        if (startsWith(h, 0x1f, 0x8b, 0x08) || startsWith(h, 'B', 'Z', 'h')
                || startsWith(h, 0xfd, '7', 'z', 'X', 'Z', 0x00) || startsWith(h, 0x28, 0xb5, 0x2f, 0xfd)) {
            return true;
        }
        if (h.length < 512) {
            return false;
        }
        long sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : h[i] & 0xff;
        }
        String field = new String(h, 148, 8, StandardCharsets.US_ASCII).replace("\0", " ").strip();
        try {
            return !field.isEmpty() && Long.parseLong(field, 8) == sum;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static boolean startsWith(byte[] h, int... magic) {
        if (h.length < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((h[i] & 0xff) != magic[i]) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (body != null) {
            body.close();
        }
        if (temp != null) {
            try (var files = Files.list(temp)) {
                for (Path p : (Iterable<Path>) files::iterator) {
                    Files.deleteIfExists(p);
                }
            }
            Files.deleteIfExists(temp);
        }
    }
}
