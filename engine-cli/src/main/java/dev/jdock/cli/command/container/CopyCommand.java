package dev.jdock.cli.command.container;

import dev.jdock.api.MiniJson;
import dev.jdock.api.client.EngineApiException;
import dev.jdock.api.client.HttpRequest;
import dev.jdock.api.client.HttpResponse;
import dev.jdock.cli.core.Args;
import dev.jdock.cli.core.Cli;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.reply.ContainerPathStatView;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;

/**
 * {@code jdock cp}: CONTAINER:SRC to a local path or {@code -}, and a local path or {@code -} to CONTAINER:DEST,
 * with the docker CLI's rules for where the copy lands (HEAD/stat of the destination, rebasing of entry names).
 */
public final class CopyCommand {
    public static final Args.Spec SPEC = new Args.Spec("cp")
            .flag("a", "archive", "Archive mode (copy all uid/gid information)")
            .flag("L", "follow-link", "Always follow symbol link in SRC_PATH")
            .flag("q", "quiet", "Suppress progress output during copy. Progress output is automatically "
                + "suppressed if no terminal is attached");

    private CopyCommand() {
    }

    /** A container path's stat, decoded from X-Docker-Container-Path-Stat. */
    record Stat(String name, long mode, String linkTarget) {
        boolean isDir() {
            return (mode & (1L << 31)) != 0;
        }

        boolean isSymlink() {
            return (mode & (1L << 27)) != 0;
        }

        static Stat decode(String header) throws IOException {
            if (header == null) {
                throw new IOException("missing X-Docker-Container-Path-Stat header");
            }
            ContainerPathStatView s = new ContainerPathStatView(MiniJson.parse(Base64.getDecoder().decode(header)));
            return new Stat(s.name(), s.mode(), s.linkTarget());
        }
    }

    public static int run(Cli cli, Args a, InputStream stdin) throws IOException {
        List<String> p = a.positionals();
        int fromColon = containerSplit(p.get(0));
        int toColon = containerSplit(p.get(1));
        if (fromColon > 0 && toColon > 0) {
            throw new CliException(1, "copying between containers is not supported");
        }
        if (fromColon <= 0 && toColon <= 0) {
            throw new CliException(1, "must specify at least one container source");
        }
        if (fromColon > 0) {
            return fromContainer(cli, p.get(0).substring(0, fromColon), p.get(0).substring(fromColon + 1), p.get(1),
                    a.has("follow-link"), a.has("archive"));
        }
        return toContainer(cli, p.get(0), p.get(1).substring(0, toColon), p.get(1).substring(toColon + 1),
                a.has("follow-link"), a.has("archive"), stdin);
    }

    /** Index of the container/path colon, or -1 for a local path (absolute, ./, or without a colon). */
    static int containerSplit(String arg) {
        if (arg.startsWith("/") || arg.startsWith(".") || arg.equals("-")) {
            return -1;
        }
        return arg.indexOf(':');
    }

    private static HttpResponse head(Cli cli, String container, String path) throws IOException {
        return cli.client().send(HttpRequest.head("/containers/" + container + "/archive").query("path", path));
    }

    /** Stat of a container path, or null when it does not exist. */
    static Stat stat(Cli cli, String container, String path) throws IOException {
        try (HttpResponse r = head(cli, container, path)) {
            if (r.status() == 404) {
                return null;
            }
            if (r.status() >= 400) {
                throw new EngineApiException(r.status(), r.status() == 409 ? "conflict" : "Error: " + r.reason());
            }
            return Stat.decode(r.header("X-Docker-Container-Path-Stat"));
        }
    }

    // ---- container to local ----

    private static int fromContainer(Cli cli, String container, String src, String dst, boolean follow,
            boolean archive) throws IOException {
        String srcPath = src;
        String rebaseName = null;
        if (follow) {
            Stat s = stat(cli, container, src);
            if (s != null && s.isSymlink()) {
                rebaseName = baseOf(src);
                srcPath = s.linkTarget();
            }
        }
        try (HttpResponse r = cli.client().execute(HttpRequest.get("/containers/" + container + "/archive")
                .query("path", srcPath))) {
            if (dst.equals("-")) {
                r.body().transferTo(cli.out());
                cli.out().flush();
                return 0;
            }
            Stat st = Stat.decode(r.header("X-Docker-Container-Path-Stat"));
            String srcBase = baseOf(srcPath);
            extractLocal(cli, r.body(), srcBase, rebaseName, st.isDir(), Path.of(dst), dst.endsWith("/"));
        }
        return 0;
    }

    private static void extractLocal(Cli cli, InputStream tar, String srcBase, String rebaseName, boolean srcIsDir,
            Path dst, boolean dstIsDirSyntax) throws IOException {
        boolean exists = Files.exists(dst);
        boolean dstDir = Files.isDirectory(dst);
        Path dir;
        String oldBase = null;
        String newBase = null;
        if (exists && dstDir) {
            dir = dst;
            if (rebaseName != null) {
                oldBase = srcBase;
                newBase = rebaseName;
            }
        } else if (exists && srcIsDir) {
            throw new CliException(1, "cannot copy a directory to a file");
        } else {
            if (!exists && !srcIsDir && dstIsDirSyntax) {
                throw new CliException(1, "destination directory \"" + dst + "\" does not exist");
            }
            dir = dst.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                throw new CliException(1, "destination directory \"" + dir + "\" does not exist");
            }
            oldBase = srcBase;
            newBase = dst.getFileName().toString();
        }
        new LocalUntar(dir, oldBase, newBase).extract(tar);
    }

    /** Docker's RebaseArchiveEntries: the first occurrence of oldBase in the name becomes newBase. */
    static String rebase(String name, String oldBase, String newBase) {
        String old = oldBase.equals("/") ? "" : oldBase;
        int i = name.indexOf(old);
        return i < 0 ? name : name.substring(0, i) + newBase + name.substring(i + old.length());
    }

    /** Go's filepath.Base of a container path, keeping "." for a trailing "/.". */
    static String baseOf(String path) {
        if (path.equals(".") || path.endsWith("/.")) {
            return ".";
        }
        String s = path;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return s.equals("/") ? "/" : s.substring(s.lastIndexOf('/') + 1);
    }

    // ---- local to container ----

    private static int toContainer(Cli cli, String src, String container, String dst, boolean follow,
            boolean archive, InputStream stdin) throws IOException {
        Stat dstStat = stat(cli, container, dst);
        String dstPath = dst;
        if (dstStat != null && dstStat.isSymlink()) {
            dstPath = dstStat.linkTarget();
            dstStat = stat(cli, container, dstPath);
        }
        if (src.equals("-")) {
            if (dstStat == null || !dstStat.isDir()) {
                throw new CliException(1, "destination \"" + container + ":" + dst + "\" must be a directory");
            }
            put(cli, container, dstPath, stdin, archive);
            return 0;
        }
        Path local = Path.of(src);
        if (!Files.exists(local, LinkOption.NOFOLLOW_LINKS)) {
            throw new CliException(1, "lstat " + local.toAbsolutePath() + ": no such file or directory");
        }
        boolean contents = src.equals(".") || src.endsWith("/.");
        Path resolved = follow ? local.toRealPath() : local;
        boolean srcIsDir = Files.isDirectory(resolved, follow ? new LinkOption[0]
                : new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
        String srcBase = contents ? "." : resolved.toAbsolutePath().normalize().getFileName().toString();
        String entryBase = srcBase;
        String dir;
        if (dstStat != null && dstStat.isDir()) {
            dir = dstPath;
        } else if (dstStat != null && srcIsDir) {
            throw new CliException(1, "cannot copy a directory to a file");
        } else {
            if (dstStat == null && !srcIsDir && dstPath.endsWith("/")) {
                throw new CliException(1, "destination directory \"" + container + ":" + dst
                        + "\" does not exist");
            }
            dir = parentOf(dstPath);
            entryBase = baseOf(dstPath);
        }
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        String name = contents && entryBase.equals(".") ? "." : entryBase;
        Thread writer = new Thread(() -> {
            try (OutputStream o = out) {
                TarCodec.writeTree(o, resolved, name, follow);
                TarCodec.finish(o);
            } catch (IOException ex) {
                // the PUT fails with a truncated archive
            }
        }, "cp-tar");
        writer.setDaemon(true);
        writer.start();
        put(cli, container, dir, in, archive);
        return 0;
    }

    private static String parentOf(String path) {
        String s = path;
        while (s.length() > 1 && s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        int i = s.lastIndexOf('/');
        return i <= 0 ? "/" : s.substring(0, i);
    }

    private static void put(Cli cli, String container, String dir, InputStream tar, boolean archive)
            throws IOException {
        HttpRequest req = HttpRequest.put("/containers/" + container + "/archive").query("path", dir)
                .query("noOverwriteDirNonDir", "true").body(tar, "application/x-tar");
        if (archive) {
            req.query("copyUIDGID", "true");
        }
        cli.client().call(req);
    }
}
