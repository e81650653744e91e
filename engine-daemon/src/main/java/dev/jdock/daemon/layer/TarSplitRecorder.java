package dev.jdock.daemon.layer;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeWalker;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/**
 * Sits under the tar reader and records the uncompressed tar stream as a tar-split (the idea of vbatts/tar-split, in
 * our own compact format): every byte that is not the content of an unpacked regular file (headers, PAX and GNU
 * long-name records, padding, the end-of-archive blocks and trailing zeros) goes to a segment record; the content of
 * a regular file is replaced by a reference (its path in the layer and its size). The unpacker announces a file's
 * content with {@link #beginFile} right after the tar reader returned its header, so the next {@code size} bytes
 * read are that content. Segments are flushed every {@value #MAX_SEGMENT} bytes: memory stays bounded.
 *
 * <p>Format (gzip'd, {@link DataOutputStream} encoding): the magic, then records {@code 'S' int len, bytes} (raw
 * bytes), {@code 'F' utf path, long size} (file content; file references are numbered from 0 in order) and
 * {@code 'E'} (end).
 */
public final class TarSplitRecorder extends ObservingInputStream {
    static final String MAGIC = "jdock-tar-split-1";
    static final int SEGMENT = 'S';
    static final int FILE = 'F';
    static final int END = 'E';
    private static final int MAX_SEGMENT = 64 * 1024;

    private final DataOutputStream out;
    private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
    /** Recorded files by inode (a few bytes each, whatever the length of their names). */
    private final Map<InodeKey, Integer> files = new HashMap<>();
    private final Path shadowDir;
    private Fd shadow;
    private long contentLeft;
    private int nextIndex;

    private record InodeKey(long dev, long ino) {
        static InodeKey of(FileStat st) {
            return new InodeKey(st.dev(), st.ino());
        }
    }

    /** Records {@code in} into {@code paths.file()}. */
    public TarSplitRecorder(InputStream in, TarSplitPaths paths) throws IOException {
        super(in);
        this.shadowDir = paths.shadowDir();
        OutputStream file = Files.newOutputStream(paths.file());
        this.out = new DataOutputStream(new GZIPOutputStream(file, 64 * 1024));
        out.writeUTF(MAGIC);
    }

    /** The next {@code size} bytes are the content of the regular file {@code rel} (relative to the diff dir). */
    public void beginFile(String rel, long size) throws IOException {
        if (contentLeft != 0) {
            throw new IOException("tar-split: file " + rel + " started before the previous one was read");
        }
        flushSegment();
        out.writeByte(FILE);
        out.writeUTF(rel);
        out.writeLong(size);
        nextIndex++;
        contentLeft = size;
    }

    /** The file announced by the last {@link #beginFile} was created: {@code file} holds it. */
    public void created(Fd file) {
        files.put(InodeKey.of(Fs.stat(file)), nextIndex - 1);
    }

    /**
     * Called before the unpacker deletes or replaces {@code name} of {@code dir} (and everything under it):
     * recorded files there are moved aside to the shadow directory so the original stream can still be rebuilt.
     */
    public void beforeRemove(Fd dir, String name) throws IOException {
        if (files.isEmpty()) {
            return;
        }
        FileStat st = Fs.statIfExists(dir, name).orElse(null);
        if (st == null || !(st.isRegular() || st.isDirectory())) {
            return;
        }
        if (st.isRegular()) {
            moveAside(dir, name, st);
            return;
        }
        try (Fd sub = Fs.openat(dir, name, Fs.DIR, 0)) {
            TreeWalker.walkContents(sub, (stack, child, s) -> {
                if (s.isRegular()) {
                    moveAside(stack.top(), child, s);
                }
                return true;
            });
        }
    }

    private void moveAside(Fd dir, String name, FileStat st) throws IOException {
        Integer index = files.get(InodeKey.of(st));
        if (index == null) {
            return;
        }
        if (shadow == null) {
            Files.createDirectories(shadowDir);
            shadow = Fs.open(shadowDir, Fs.DIR);
        }
        Fs.renameat(dir, name, shadow, Integer.toString(index));
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            if (contentLeft > 0) {
                contentLeft--;
            } else {
                pending.write(b);
                flushIfFull();
            }
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int want = contentLeft > 0 ? (int) Math.min(len, contentLeft) : len;
        int n = in.read(b, off, want);
        if (n > 0) {
            if (contentLeft > 0) {
                contentLeft -= n;
            } else {
                pending.write(b, off, n);
                flushIfFull();
            }
        }
        return n;
    }

    private void flushIfFull() throws IOException {
        if (pending.size() >= MAX_SEGMENT) {
            flushSegment();
        }
    }

    private void flushSegment() throws IOException {
        if (pending.size() == 0) {
            return;
        }
        out.writeByte(SEGMENT);
        out.writeInt(pending.size());
        pending.writeTo(out);
        pending.reset();
    }

    /** Reads the rest of the stream (recorded) and completes the tar-split file. */
    public void finish() throws IOException {
        byte[] buf = new byte[64 * 1024];
        while (read(buf, 0, buf.length) >= 0) {
            // recorded in read
        }
        if (contentLeft != 0) {
            throw new IOException("tar-split: stream ended inside a file");
        }
        flushSegment();
        out.writeByte(END);
        out.close();
        closeShadow();
    }

    /** Closes the tar-split file without completing it (on failure); the underlying stream is left open. */
    public void abandon() {
        closeShadow();
        try {
            out.close();
        } catch (IOException ignored) {
            // the layer directory is being discarded
        }
    }

    private void closeShadow() {
        if (shadow != null) {
            shadow.close();
            shadow = null;
        }
    }

    @Override
    public void close() {
        abandon();
    }
}
