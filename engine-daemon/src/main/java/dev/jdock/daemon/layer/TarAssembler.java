package dev.jdock.daemon.layer;

import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;

/**
 * Rebuilds a layer's original tar stream from its tar-split ({@link TarSplitRecorder}) and the files of its diff
 * directory, streaming: recorded segments and file contents are interleaved as they are read. The stream is hashed
 * on the way; at its end the digest must equal the diffID, otherwise reading fails (the layer directory was changed
 * since it was unpacked), so a consumer never mistakes a different stream for the layer.
 */
public final class TarAssembler extends InputStream {
    private final DataInputStream split;
    private final Fd diff;
    private final TreeExtraction dirs;
    private final Fd shadow;
    private final Digest expected;
    private final MessageDigest sha = Digest.newSha256();
    private byte[] segment;
    private int segmentPos;
    private InputStream file;
    private String filePath;
    private long fileLeft;
    private int fileIndex;
    private boolean ended;

    private TarAssembler(DataInputStream split, Path diffDir, Path shadowDir, Digest expected) {
        this.split = split;
        this.shadow = Files.isDirectory(shadowDir) ? Fs.open(shadowDir, Fs.O_PATH | Fs.O_DIRECTORY) : null;
        try {
            this.diff = Fs.open(diffDir, Fs.O_PATH | Fs.O_DIRECTORY);
        } catch (RuntimeException e) {
            if (shadow != null) {
                shadow.close();
            }
            throw e;
        }
        this.dirs = TreeExtraction.reader(diff);
        this.expected = expected;
    }

    /** Opens the reassembled tar of the layer whose tar-split is {@code paths} and whose files are in {@code diffDir}. */
    public static TarAssembler open(TarSplitPaths paths, Path diffDir, Digest diffId) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(
                new GZIPInputStream(Files.newInputStream(paths.file()), 64 * 1024)));
        try {
            String magic = in.readUTF();
            if (!TarSplitRecorder.MAGIC.equals(magic)) {
                throw new IOException("not a tar-split file: " + paths.file());
            }
        } catch (IOException e) {
            in.close();
            throw e;
        }
        try {
            return new TarAssembler(in, diffDir, paths.shadowDir(), diffId);
        } catch (RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /**
     * A cheap check before streaming (reads only the tar-split, stats the files): every recorded file is still there
     * with its recorded size. Content changes of the same size are caught only by the digest at the stream's end.
     */
    public static void checkFiles(TarSplitPaths paths, Path diffDir) throws IOException {
        try (TarAssembler a = open(paths, diffDir, null)) {
            while (true) {
                int type = a.split.readUnsignedByte();
                if (type == TarSplitRecorder.SEGMENT) {
                    a.split.skipNBytes(a.split.readInt());
                } else if (type == TarSplitRecorder.FILE) {
                    String rel = a.split.readUTF();
                    long size = a.split.readLong();
                    long actual;
                    try (Fd f = a.locate(a.fileIndex++, rel)) {
                        actual = Fs.stat(f).size();
                    }
                    if (actual != size) {
                        throw new IOException("layer file " + rel + " has " + actual + " bytes, " + size
                                + " when the layer was unpacked (the layer directory was modified)");
                    }
                } else if (type == TarSplitRecorder.END) {
                    return;
                } else {
                    throw new IOException("tar-split file is corrupt (record type " + type + ")");
                }
            }
        } catch (EOFException e) {
            throw new IOException("tar-split file is truncated", e);
        }
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
        while (!ended) {
            if (segment != null && segmentPos < segment.length) {
                int n = Math.min(len, segment.length - segmentPos);
                System.arraycopy(segment, segmentPos, b, off, n);
                segmentPos += n;
                sha.update(b, off, n);
                return n;
            }
            if (file != null && fileLeft > 0) {
                int n = file.read(b, off, (int) Math.min(len, fileLeft));
                if (n < 0) {
                    throw new IOException("layer file " + filePath + " is shorter than when the layer was unpacked"
                            + " (the layer directory was modified)");
                }
                fileLeft -= n;
                sha.update(b, off, n);
                return n;
            }
            next();
        }
        return -1;
    }

    private void next() throws IOException {
        closeFile();
        segment = null;
        int type;
        try {
            type = split.readUnsignedByte();
        } catch (EOFException e) {
            throw new IOException("tar-split file is truncated", e);
        }
        switch (type) {
            case TarSplitRecorder.SEGMENT -> {
                segment = new byte[split.readInt()];
                split.readFully(segment);
                segmentPos = 0;
            }
            case TarSplitRecorder.FILE -> openFile(split.readUTF(), split.readLong());
            case TarSplitRecorder.END -> finish();
            default -> throw new IOException("tar-split file is corrupt (record type " + type + ")");
        }
    }

    private void openFile(String rel, long size) throws IOException {
        try (Fd f = locate(fileIndex++, rel)) {
            filePath = rel;
            fileLeft = size;
            file = Channels.newInputStream(Fs.channel(f, StandardOpenOption.READ));
        }
    }

    /**
     * File reference {@code index}, through descriptors (never a symlink, any depth): moved aside to the shadow dir
     * when a later entry replaced it, else in diff.
     */
    private Fd locate(int index, String rel) throws IOException {
        Fd f = null;
        try {
            if (shadow != null) {
                f = Fs.openIfExists(shadow, Integer.toString(index), Fs.O_PATH | Fs.O_NOFOLLOW).orElse(null);
            }
            if (f == null) {
                Fd parent = dirs.parentOf(rel, rel);
                f = Fs.openat(parent, rel.substring(rel.lastIndexOf('/') + 1), Fs.O_PATH | Fs.O_NOFOLLOW, 0);
            }
            if (Fs.stat(f).isRegular()) {
                return f;
            }
        } catch (SyscallException | EngineException e) {
            // missing, or a symlink on the way
        }
        if (f != null) {
            f.close();
        }
        throw new IOException("layer file " + SafePaths.shorten(rel) + " is missing or not a regular file"
                + " (the layer directory was modified)");
    }

    private void finish() throws IOException {
        ended = true;
        Digest actual = Digest.fromHash(sha.digest());
        if (!actual.equals(expected)) {
            throw new IOException("reassembled layer tar has digest " + actual + " but the layer's diffID is "
                    + expected + " (the layer directory was modified)");
        }
    }

    private void closeFile() throws IOException {
        if (file != null) {
            file.close();
            file = null;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            closeFile();
        } finally {
            split.close();
            dirs.close();
            diff.close();
            if (shadow != null) {
                shadow.close();
            }
        }
    }
}
