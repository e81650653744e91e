package dev.jdock.daemon.archive;

import dev.jdock.daemon.layer.TarOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds tars entry by entry with names written verbatim (hostile ones included), through {@link TarOutput}. */
public final class CraftedTar {
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final TarOutput tar = new TarOutput(bytes);
    private long uid;
    private long gid;

    /** Owner of the entries that follow. */
    public CraftedTar owner(long u, long g) {
        uid = u;
        gid = g;
        return this;
    }

    public CraftedTar dir(String name) {
        return dir(name, 0755);
    }

    public CraftedTar dir(String name, int mode) {
        return put(TarOutput.Header.of(name.endsWith("/") ? name : name + "/", TarOutput.Header.DIRECTORY, mode, 0),
                null);
    }

    public CraftedTar file(String name, String content) {
        return file(name, content, 0644);
    }

    public CraftedTar file(String name, String content, int mode) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return put(TarOutput.Header.of(name, TarOutput.Header.REGULAR, mode, 0).withSize(data.length), data);
    }

    public CraftedTar symlink(String name, String target) {
        return put(TarOutput.Header.of(name, TarOutput.Header.SYMLINK, 0777, 0).withLink(target), null);
    }

    public CraftedTar hardlink(String name, String target) {
        return put(TarOutput.Header.of(name, TarOutput.Header.HARDLINK, 0644, 0).withLink(target), null);
    }

    public CraftedTar fifo(String name, int mode) {
        return put(TarOutput.Header.of(name, TarOutput.Header.FIFO, mode, 0), null);
    }

    public CraftedTar charDevice(String name, int major, int minor, int mode) {
        return put(TarOutput.Header.of(name, TarOutput.Header.CHAR_DEVICE, mode, 0).withDevice(major, minor), null);
    }

    public CraftedTar blockDevice(String name, int major, int minor, int mode) {
        return put(TarOutput.Header.of(name, TarOutput.Header.BLOCK_DEVICE, mode, 0).withDevice(major, minor), null);
    }

    private CraftedTar put(TarOutput.Header h, byte[] data) {
        try {
            tar.putEntry(h.withOwner(uid, gid));
            if (data != null) {
                tar.write(data, 0, data.length);
            }
            tar.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    public byte[] build() {
        try {
            tar.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
