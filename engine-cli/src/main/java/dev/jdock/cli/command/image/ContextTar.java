package dev.jdock.cli.command.image;

import dev.jdock.api.build.DockerIgnore;
import dev.jdock.cli.core.CliException;
import dev.jdock.cli.io.TarHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * A build context directory as the tar the docker CLI sends ({@code archive.TarWithOptions} with the .dockerignore
 * patterns and uid/gid 0), produced as it is read: one file open at a time, never the whole context in memory.
 * Entries in Go's {@code filepath.Walk} order (depth first, names sorted), the root itself left out, modes and
 * mtimes (seconds) kept, symlinks as symlinks, a second name of a hard-linked file as a hard link, fifos kept,
 * sockets and devices skipped. {@link #extra} appends an entry at the end (the Dockerfile from stdin) and
 * {@link #replace} swaps the content of one (the .dockerignore naming it), as docker's ReplaceFileTarWrapper.
 */
final class ContextTar extends InputStream {
    /** Opens a regular file of the context (a seam for tests: root reads every file). */
    interface Opener {
        InputStream open(Path file) throws IOException;
    }

    private final Path root;
    private final DockerIgnore ignore;
    private final Opener opener;
    private final Deque<Iterator<Path>> walk = new ArrayDeque<>();
    private final Map<String, byte[]> replaced = new HashMap<>();
    private final List<Extra> extras = new ArrayList<>();
    private final Map<Object, String> linked = new HashMap<>();
    private InputStream chunk = InputStream.nullInputStream();
    private InputStream data;
    private long dataLeft;
    private int padding;
    private boolean ended;

    private record Extra(String name, int mode, Path file, byte[] bytes) {
    }

    ContextTar(Path root, DockerIgnore ignore, Opener opener) throws IOException {
        this.root = root;
        this.ignore = ignore;
        this.opener = opener;
        walk.push(children(root));
    }

    ContextTar(Path root, DockerIgnore ignore) throws IOException {
        this(root, ignore, Files::newInputStream);
    }

    /** Appends a regular file named {@code name} (mode {@code mode}) with {@code file}'s content after the walk. */
    ContextTar extra(String name, int mode, Path file) {
        extras.add(new Extra(name, mode, file, null));
        return this;
    }

    /** Appends a regular file with {@code bytes} after the walk. */
    ContextTar extra(String name, int mode, byte[] bytes) {
        extras.add(new Extra(name, mode, null, bytes));
        return this;
    }

    /** Sends {@code bytes} as the content of the walked entry {@code name} (its header kept, the size changed). */
    ContextTar replace(String name, byte[] bytes) {
        replaced.put(name, bytes);
        return this;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            int n = chunk.read(b, off, len);
            if (n > 0) {
                return n;
            }
            if (data != null) {
                n = readData(b, off, len);
                if (n > 0) {
                    return n;
                }
                continue;
            }
            if (ended) {
                return -1;
            }
            if (!nextEntry()) {
                chunk = new ByteArrayInputStream(new byte[TarHeader.BLOCK * 2]);
                ended = true;
            }
        }
    }

    private int readData(byte[] b, int off, int len) throws IOException {
        if (dataLeft == 0) {
            data.close();
            data = null;
            chunk = new ByteArrayInputStream(new byte[padding]);
            return 0;
        }
        int n = data.read(b, off, (int) Math.min(len, dataLeft));
        if (n < 0) {
            throw new IOException("a file of the build context shrank while it was sent (" + dataLeft
                    + " bytes missing)");
        }
        dataLeft -= n;
        return n;
    }

    @Override
    public void close() throws IOException {
        if (data != null) {
            data.close();
            data = null;
        }
        walk.clear();
        extras.clear();
        ended = true;
    }

    /** Queues the next entry's header (and data); false when the walk and the extras are done. */
    private boolean nextEntry() throws IOException {
        while (!walk.isEmpty()) {
            Iterator<Path> it = walk.peek();
            if (!it.hasNext()) {
                walk.pop();
                continue;
            }
            if (entry(it.next())) {
                return true;
            }
        }
        if (extras.isEmpty()) {
            return false;
        }
        Extra e = extras.remove(0);
        long mtime = System.currentTimeMillis() / 1000;
        if (e.file() != null) {
            start(e.name(), '0', Files.size(e.file()), e.mode(), mtime, "", opener.open(e.file()));
        } else {
            start(e.name(), '0', e.bytes().length, e.mode(), mtime, "", new ByteArrayInputStream(e.bytes()));
        }
        return true;
    }

    /** Queues one walked path; false when it is excluded or of a kind that is not sent. */
    private boolean entry(Path p) throws IOException {
        String rel = relative(p);
        Map<String, Object> a = Files.readAttributes(p, "unix:mode,size,lastModifiedTime,ino,dev,nlink",
                LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) a.get("mode");
        int type = mode & 0170000;
        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        if (ignore.excluded(rel)) {
            if (type == 0040000 && !ignore.canSkipDirectory(rel)) {
                walk.push(children(p));
            }
            return false;
        }
        int perm = mode & 07777;
        switch (type) {
            case 0040000 -> {
                start(rel + "/", '5', 0, perm, mtime, "", null);
                walk.push(children(p));
            }
            case 0120000 -> start(rel, '2', 0, perm, mtime, Files.readSymbolicLink(p).toString(), null);
            case 0010000 -> start(rel, '6', 0, perm, mtime, "", null);
            case 0100000 -> {
                return regular(p, rel, a, perm, mtime);
            }
            default -> {
                return false; // sockets and devices are not sent
            }
        }
        return true;
    }

    private boolean regular(Path p, String rel, Map<String, Object> a, int perm, long mtime) throws IOException {
        byte[] bytes = replaced.get(rel);
        if (bytes != null) {
            start(rel, '0', bytes.length, perm, mtime, "", new ByteArrayInputStream(bytes));
            return true;
        }
        if ((Integer) a.get("nlink") > 1) {
            String first = linked.putIfAbsent(List.of(a.get("dev"), a.get("ino")), rel);
            if (first != null) {
                start(rel, '1', 0, perm, mtime, first, null);
                return true;
            }
        }
        start(rel, '0', (Long) a.get("size"), perm, mtime, "", opener.open(p));
        return true;
    }

    private void start(String name, char type, long size, int mode, long mtime, String link, InputStream in)
            throws IOException {
        ByteArrayOutputStream h = new ByteArrayOutputStream(TarHeader.BLOCK);
        TarHeader.write(h, name, type, size, mode, 0, 0, mtime, link);
        chunk = new ByteArrayInputStream(h.toByteArray());
        data = in;
        dataLeft = in == null ? 0 : size;
        padding = (int) ((TarHeader.BLOCK - size % TarHeader.BLOCK) % TarHeader.BLOCK);
    }

    private String relative(Path p) {
        return root.relativize(p).toString();
    }

    /**
     * docker's ValidateContextDirectory: every file that would be sent can be opened, before anything is sent (a
     * half-sent context would fail the build with a less clear error). Symlinks and fifos are not opened.
     */
    static void validate(Path root, DockerIgnore ignore, Opener opener) throws IOException {
        Deque<Iterator<Path>> todo = new ArrayDeque<>();
        todo.push(children(root));
        while (!todo.isEmpty()) {
            Iterator<Path> it = todo.peek();
            if (!it.hasNext()) {
                todo.pop();
                continue;
            }
            Path p = it.next();
            String rel = root.relativize(p).toString();
            boolean dir = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
            if (ignore.excluded(rel)) {
                if (dir && !ignore.canSkipDirectory(rel)) {
                    todo.push(children(p));
                }
            } else if (dir) {
                try {
                    todo.push(children(p));
                } catch (java.nio.file.AccessDeniedException e) {
                    throw new CliException(1, "error checking context: can't stat '" + p + "'");
                }
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                try (InputStream in = opener.open(p)) {
                    in.available();
                } catch (java.nio.file.AccessDeniedException e) {
                    throw new CliException(1, "error checking context: no permission to read from '" + p + "'");
                }
            }
        }
    }

    /** A directory's entries sorted by name, as Go's filepath.Walk visits them. */
    static Iterator<Path> children(Path dir) throws IOException {
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            ds.forEach(out::add);
        }
        out.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
        return out.iterator();
    }
}
