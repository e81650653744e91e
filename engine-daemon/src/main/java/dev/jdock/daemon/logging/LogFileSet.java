package dev.jdock.daemon.logging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A json-file log and its rotated generations, as the container monitor rotates them: {@code log} is the live
 * file (index 0), {@code log.1} the newest rotated one, {@code log.N} the oldest. With compress=true a rotated
 * generation is {@code log.N.gz}; {@code log.1} is plain for the moment the monitor takes to compress it, and while
 * both exist the plain one is used (Docker's order too).
 *
 * <p>Files are identified by device and inode, which survive the renames. A compressed file also carries the
 * identity of the plain file it was made from in its gzip header (JSON in the extra field, next to Docker's
 * {@code lastTime}: {@code "jdockSource":"<dev>:<ino>"}), so a reader that had the plain file open recognises it
 * after compression and knows which generation comes next. Inodes are reused, but not while the reader holds the
 * file open: then no other plain file has its inode, and an older .gz made from an earlier file with the same inode
 * is an older generation, so the newest .gz naming it is the one (see {@link #indexOf}).
 */
final class LogFileSet {
    private static final int MAX_GENERATIONS = 1000;
    private static final JsonFactory JSON = new JsonFactory();

    /** Device and inode of a (plain) log file. */
    record FileId(long dev, long ino) {
    }

    /**
     * One generation on disk: where it is, its own identity, and for a gzip-compressed one the identity of the
     * plain file it was made from (null when unknown or plain).
     */
    record Generation(Path path, FileId id, FileId source, boolean gzip) {
    }

    private final Path live;

    LogFileSet(Path live) {
        this.live = live;
    }

    Path path(int index) {
        return index == 0 ? live : live.resolveSibling(live.getFileName() + "." + index);
    }

    /** Generation {@code index}, plain preferred over .gz, or null when neither exists. */
    Generation generation(int index) {
        Path plain = path(index);
        FileId id = plainId(plain);
        if (id != null || index == 0) {
            return id == null ? null : new Generation(plain, id, null, false);
        }
        Path gz = plain.resolveSibling(plain.getFileName() + ".gz");
        try (FileChannel ch = FileChannel.open(gz, StandardOpenOption.READ)) {
            FileId own = plainId(gz);
            return own == null ? null : new Generation(gz, own, gzipSource(ch), true);
        } catch (IOException e) {
            return null;
        }
    }

    /** The identity of a plain file, or null when it does not exist. */
    static FileId plainId(Path path) {
        try {
            Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino");
            return new FileId((Long) a.get("dev"), (Long) a.get("ino"));
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The identity of the plain file a gzip file was made from (its header's {@code jdockSource}), or null. */
    static FileId gzipSource(FileChannel ch) throws IOException {
        ByteBuffer head = ByteBuffer.allocate(12);
        while (head.hasRemaining() && ch.read(head, head.position()) > 0) {
            // positional reads: the channel's position stays at 0 for the decompressor
        }
        if (head.position() < 10 || (head.get(0) & 0xff) != 0x1f || (head.get(1) & 0xff) != 0x8b) {
            return null;
        }
        if ((head.get(3) & 0x04) != 0 && head.position() == 12) {
            int xlen = (head.get(10) & 0xff) | (head.get(11) & 0xff) << 8;
            ByteBuffer extra = ByteBuffer.allocate(xlen);
            while (extra.hasRemaining() && ch.read(extra, 12 + extra.position()) > 0) {
                // fill
            }
            return sourceOf(extra.array(), extra.position());
        }
        return null;
    }

    private static FileId sourceOf(byte[] extra, int len) {
        try (JsonParser p = JSON.createParser(extra, 0, len)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                p.nextToken();
                if (name.equals("jdockSource")) {
                    String[] v = p.getValueAsString("").split(":");
                    return v.length == 2 ? new FileId(Long.parseLong(v[0]), Long.parseLong(v[1])) : null;
                }
                p.skipChildren();
            }
        } catch (IOException | NumberFormatException e) {
            return null;
        }
        return null;
    }

    /**
     * Generations by index (0 = live); a null entry is a missing file, i.e. a rotation in progress (its renames
     * leave one gap at a time). Rotated generations end at two missing names in a row.
     */
    List<Generation> scan() {
        List<Generation> gens = new ArrayList<>();
        gens.add(generation(0));
        Generation next = generation(1);
        for (int i = 1; i < MAX_GENERATIONS; i++) {
            Generation g = next;
            next = generation(i + 1);
            if (g == null && next == null) {
                break;
            }
            gens.add(g);
        }
        return gens;
    }

    /** The identities of {@code gens} (null for a missing one), to compare two scans. */
    static List<FileId> ids(List<Generation> gens) {
        List<FileId> out = new ArrayList<>(gens.size());
        gens.forEach(g -> out.add(g == null ? null : g.id()));
        return out;
    }

    /**
     * Index in {@code gens} of the file the reader holds open ({@code id}): the generation that is that file, or
     * when it was plain and has been compressed since, the newest .gz made from it; -1 when it is gone.
     */
    static int indexOf(List<Generation> gens, FileId id, boolean plain) {
        for (int i = 0; i < gens.size(); i++) {
            Generation g = gens.get(i);
            if (id != null && g != null && (id.equals(g.id()) || plain && g.gzip() && id.equals(g.source()))) {
                return i;
            }
        }
        return -1;
    }

    /** True when the live file is still the one with {@code id} (the cheap check while following). */
    boolean isLive(FileId id) {
        return id != null && id.equals(plainId(live));
    }
}
