package dev.jdock.daemon.build;

import dev.jdock.daemon.archive.TarWriter;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.TarOutput;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A COPY or ADD of context files, as the layer tar it writes: each source below the context root (opened with
 * {@code RESOLVE_IN_ROOT}, never followed out of it; a symlink source followed inside the root, as moby's
 * FollowSymlinkInScope, links below a copied directory copied as links) is named for its destination, with moby's
 * rules: a directory's contents go into the destination; a file goes to the destination itself unless that is a
 * directory (a trailing slash, an existing directory, or several sources), where it keeps its name. With
 * {@code --chmod} every entry gets that mode; owners are the extraction's (root, or {@code --chown}'s).
 *
 * <p>{@link #checksum} is the sha256 of the sources' tar with times left out and names relative to the sources, as
 * the cache compares them: content, names, modes, owners and link targets, not when a file was touched nor where
 * it goes (the destination is part of the step's key on its own).
 */
final class ContextCopy {
    private final Fd root;
    private final List<String> sources;
    private final String dest;
    private final Integer mode;

    /**
     * @param sources paths relative to the context root, cleaned
     * @param dest the destination, absolute in the image
     * @param mode null: keep each file's mode
     */
    ContextCopy(Fd root, List<String> sources, String dest, Integer mode) {
        this.root = root;
        this.sources = List.copyOf(sources);
        this.dest = dest;
        this.mode = mode;
    }

    /** Fails as moby does when a source is missing from the context. */
    void checkSources(String instruction) {
        for (String s : sources) {
            try (Fd ignored = Fs.openInRoot(root, "/" + ContextSources.inScope(root, s),
                    Fs.O_PATH | Fs.O_NOFOLLOW)) {
                // present
            } catch (SyscallException e) {
                throw EngineException.invalid(instruction + " failed: file not found in build context or excluded"
                        + " by .dockerignore: stat " + s + ": file does not exist");
            }
        }
    }

    /**
     * {@code file:<hex>} for one file, {@code dir:<hex>} for one directory, {@code multi:<hex>} for several sources,
     * as moby's history names a COPY's source (getSourceHashFromInfos; the hex is jdock's own).
     */
    String checksum() {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (OutputStream out = new DigestOutputStream(OutputStream.nullOutputStream(), md)) {
                write(out, "", true, h -> new TarOutput.Header(h.name(), h.type(), h.mode(), h.uid(), h.gid(),
                        h.size(), 0, h.linkName(), h.devMajor(), h.devMinor(), h.xattrs()));
            }
            String kind = sources.size() > 1 ? "multi:" : isDirectory(sources.get(0)) ? "dir:" : "file:";
            return kind + java.util.HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw EngineException.system("checksumming COPY sources: " + e.getMessage(), e);
        }
    }

    /**
     * The layer tar; {@code destExists}: the destination is a directory in the image (a trailing slash or several
     * sources make it one anyway).
     */
    void writeTar(OutputStream out, boolean destExists) throws IOException {
        boolean destIsDir = destExists || dest.endsWith("/") || sources.size() > 1;
        write(out, trimSlashes(dest), destIsDir, UnaryOperator.identity());
    }

    private void write(OutputStream out, String destRel, boolean destIsDir, UnaryOperator<TarOutput.Header> extra)
            throws IOException {
        TarWriter tar = new TarWriter(out, null).rewrite(h -> extra.apply(own(h)));
        for (String s : sources) {
            if (s.isEmpty()) { // the root itself ("."): its contents
                try (Fd all = Fs.openInRoot(root, "/", Fs.O_RDONLY | Fs.O_DIRECTORY)) {
                    tar.addDirectory(all, destRel, "/");
                }
                continue;
            }
            String r = ContextSources.inScope(root, s); // a symlink source is followed inside the root, as moby
            if (r.isEmpty()) {
                try (Fd all = Fs.openInRoot(root, "/", Fs.O_RDONLY | Fs.O_DIRECTORY)) {
                    tar.addDirectory(all, destRel, "/");
                }
                continue;
            }
            String parent = r.contains("/") ? r.substring(0, r.lastIndexOf('/')) : "";
            String name = r.substring(r.lastIndexOf('/') + 1);
            try (Fd dir = Fs.openInRoot(root, "/" + parent, Fs.O_PATH | Fs.O_DIRECTORY)) {
                FileStat st = Fs.stat(dir, name);
                if (st.isDirectory()) {
                    try (Fd src = Fs.openat(dir, name, Fs.DIR, 0)) {
                        tar.addDirectory(src, destRel, "/" + r);
                    }
                } else {
                    String entry = destIsDir ? join(destRel, s.substring(s.lastIndexOf('/') + 1)) : destRel;
                    tar.addEntry(dir, name, entry, "/" + r);
                }
            }
        }
        tar.finish();
    }

    private TarOutput.Header own(TarOutput.Header h) {
        int m = mode == null ? h.mode() : mode;
        return new TarOutput.Header(h.name(), h.type(), m, 0, 0, h.size(), h.mtimeSeconds(), h.linkName(),
                h.devMajor(), h.devMinor(), h.xattrs());
    }

    private boolean isDirectory(String s) {
        try (Fd fd = Fs.openInRoot(root, "/" + ContextSources.inScope(root, s), Fs.O_PATH | Fs.O_NOFOLLOW)) {
            return Fs.stat(fd).isDirectory();
        }
    }

    private static String join(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** A tar of one directory entry, {@code dir} (absolute) with mode 0755: makes a missing ADD destination. */
    static byte[] directoryTar(String dir) throws IOException {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        TarOutput t = new TarOutput(b);
        t.putEntry(TarOutput.Header.of(trimSlashes(dir) + "/", TarOutput.Header.DIRECTORY, 0755,
                System.currentTimeMillis() / 1000));
        t.closeEntry();
        t.finish();
        return b.toByteArray();
    }

    /** Whether the single source is a directory (or the root itself). */
    boolean isDirectorySource() {
        return sources.size() == 1 && (sources.get(0).isEmpty() || isDirectory(sources.get(0)));
    }

    /** Whether the single source is a tar archive (plain or compressed), which ADD extracts instead of copying. */
    boolean isArchive() {
        if (sources.size() != 1 || sources.get(0).isEmpty()) {
            return false;
        }
        try (Fd fd = Fs.openInRoot(root, "/" + ContextSources.inScope(root, sources.get(0)),
                Fs.O_RDONLY | Fs.O_NOFOLLOW | Fs.O_NONBLOCK)) {
            if (!Fs.stat(fd).isRegular()) {
                return false;
            }
            try (var ch = Fs.channel(fd); InputStream in = dev.jdock.daemon.layer.Compression.decompress(
                    new java.io.BufferedInputStream(java.nio.channels.Channels.newInputStream(ch)))) {
                byte[] head = in.readNBytes(512);
                return head.length == 512 && new String(head, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)
                        .equals("ustar");
            }
        } catch (SyscallException | IOException e) {
            return false;
        }
    }

    /** Opens the single source's content (an archive for ADD to extract). */
    InputStream open() {
        Fd fd = Fs.openInRoot(root, "/" + ContextSources.inScope(root, sources.get(0)),
                Fs.O_RDONLY | Fs.O_NOFOLLOW | Fs.O_NONBLOCK);
        try {
            var ch = Fs.channel(fd);
            InputStream in = java.nio.channels.Channels.newInputStream(ch);
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    try {
                        super.close();
                    } finally {
                        fd.close();
                    }
                }
            };
        } catch (IOException e) {
            fd.close();
            throw EngineException.system("opening " + sources.get(0) + ": " + e.getMessage(), e);
        }
    }

    static String trimSlashes(String p) {
        int s = 0;
        int e = p.length();
        while (s < e && p.charAt(s) == '/') {
            s++;
        }
        while (e > s && p.charAt(e - 1) == '/') {
            e--;
        }
        return p.substring(s, e);
    }
}
