package dev.jdock.cli.command.container;

import dev.jdock.cli.io.TarHeader;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small tar reader and writer for {@code jdock cp} (the CLI has no archive library): ustar headers, PAX records
 * for long names and big sizes, GNU long names when reading. Regular files, directories, symlinks and hard links.
 */
final class TarCodec {
    static final int BLOCK = 512;
    /** The largest PAX or GNU long-name record read (Go's archive/tar: maxSpecialFileSize). */
    static final int MAX_SPECIAL = 1 << 20;

    /** One archive entry as read. */
    record Entry(String name, char type, long size, int mode, int uid, int gid, long mtime, String linkName) {
        boolean isDir() {
            return type == '5';
        }
    }

    private TarCodec() {
    }

    // ---- writing ----

    /**
     * Writes {@code host} (recursively) as {@code name}; {@code follow} dereferences {@code host} itself (cp -L), not
     * the links inside a directory: the docker CLI's -L only resolves SRC_PATH, its archive keeps inner links.
     */
    static void writeTree(OutputStream out, Path host, String name, boolean follow) throws IOException {
        LinkOption[] lo = follow ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        Map<String, Object> a = Files.readAttributes(host, "unix:mode,uid,gid,size,lastModifiedTime", lo);
        int mode = (Integer) a.get("mode");
        long mtime = ((FileTime) a.get("lastModifiedTime")).toMillis() / 1000;
        int uid = (Integer) a.get("uid");
        int gid = (Integer) a.get("gid");
        int type = mode & 0170000;
        if (type == 0040000) {
            writeHeader(out, name.endsWith("/") ? name : name + "/", '5', 0, mode & 07777, uid, gid, mtime, "");
            List<Path> children = new ArrayList<>();
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(host)) {
                ds.forEach(children::add);
            }
            children.sort((x, y) -> x.getFileName().toString().compareTo(y.getFileName().toString()));
            String prefix = name.endsWith("/") ? name : name + "/";
            for (Path c : children) {
                writeTree(out, c, prefix + c.getFileName(), false);
            }
        } else if (type == 0120000) {
            writeHeader(out, name, '2', 0, mode & 07777, uid, gid, mtime, Files.readSymbolicLink(host).toString());
        } else if (type == 0100000) {
            long size = (Long) a.get("size");
            writeHeader(out, name, '0', size, mode & 07777, uid, gid, mtime, "");
            long copied;
            try (InputStream in = Files.newInputStream(host)) {
                copied = copyN(in, out, size);
            }
            pad(out, copied, size);
        }
        // sockets, fifos and devices are skipped
    }

    static void finish(OutputStream out) throws IOException {
        out.write(new byte[BLOCK * 2]);
        out.flush();
    }

    private static long copyN(InputStream in, OutputStream out, long n) throws IOException {
        byte[] buf = new byte[64 * 1024];
        long left = n;
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            out.write(buf, 0, r);
            left -= r;
        }
        return n - left;
    }

    private static void pad(OutputStream out, long written, long size) throws IOException {
        long missing = size - written;
        byte[] zero = new byte[8192];
        while (missing > 0) {
            int n = (int) Math.min(zero.length, missing);
            out.write(zero, 0, n);
            missing -= n;
        }
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    private static void writeHeader(OutputStream out, String name, char type, long size, int mode, int uid, int gid,
            long mtime, String link) throws IOException {
        TarHeader.write(out, name, type, size, mode, uid, gid, mtime, link);
    }

    /** A PAX record: "len key=value\n" where len counts itself. */
    static String record(String key, String value) {
        return TarHeader.record(key, value);
    }

    static byte[] header(String name, char type, long size, int mode, int uid, int gid, long mtime,
            String link) {
        return TarHeader.header(name, type, size, mode, uid, gid, mtime, link);
    }

    // ---- reading ----

    /** Reads entries one by one; the entry's data is read from {@link #data()} before the next call. */
    static final class Reader {
        private final InputStream in;
        private long remaining;
        private long padding;

        Reader(InputStream in) {
            this.in = in;
        }

        Entry next() throws IOException {
            skipData();
            Map<String, String> pax = new HashMap<>();
            String longName = null;
            String longLink = null;
            while (true) {
                byte[] h = in.readNBytes(BLOCK);
                if (h.length < BLOCK || isZero(h)) {
                    return null;
                }
                char type = (char) (h[156] == 0 ? '0' : h[156]);
                long size = parseNumber(h, 124, 12);
                if (size < 0 || size > 1L << 62) {
                    throw new IOException("archive/tar: invalid tar header");
                }
                if (type == 'x' || type == 'g' || type == 'L' || type == 'K') {
                    if (size > MAX_SPECIAL) { // Go's archive/tar limit on PAX and GNU long-name records
                        throw new IOException("archive/tar: invalid tar header");
                    }
                    byte[] body = in.readNBytes((int) size);
                    if (body.length < size) {
                        throw new EOFException("truncated tar archive");
                    }
                    in.skipNBytes((BLOCK - size % BLOCK) % BLOCK);
                    if (type == 'x') {
                        pax.putAll(parsePax(body));
                    } else if (type == 'L') {
                        longName = cstring(body, 0, body.length);
                    } else if (type == 'K') {
                        longLink = cstring(body, 0, body.length);
                    }
                    continue;
                }
                String name = cstring(h, 0, 100);
                String prefix = cstring(h, 345, 155);
                if (!prefix.isEmpty() && "ustar".equals(cstring(h, 257, 5))) {
                    name = prefix + "/" + name;
                }
                name = pax.getOrDefault("path", longName != null ? longName : name);
                String link = pax.getOrDefault("linkpath", longLink != null ? longLink : cstring(h, 157, 100));
                if (pax.containsKey("size")) {
                    size = parsePaxSize(pax.get("size"));
                }
                long dataSize = type == '0' || type == '7' ? size : 0;
                remaining = dataSize;
                padding = (BLOCK - dataSize % BLOCK) % BLOCK;
                return new Entry(name, type == '7' ? '0' : type, dataSize, (int) parseNumber(h, 100, 8),
                        (int) parseNumber(h, 108, 8), (int) parseNumber(h, 116, 8), parseNumber(h, 136, 12), link);
            }
        }

        /** The current entry's content. */
        InputStream data() {
            return new InputStream() {
                @Override
                public int read() throws IOException {
                    byte[] b = new byte[1];
                    return read(b, 0, 1) < 0 ? -1 : b[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (remaining <= 0) {
                        return -1;
                    }
                    int n = in.read(b, off, (int) Math.min(len, remaining));
                    if (n < 0) {
                        throw new EOFException("truncated tar entry");
                    }
                    remaining -= n;
                    return n;
                }
            };
        }

        private void skipData() throws IOException {
            in.skipNBytes(remaining + padding);
            remaining = 0;
            padding = 0;
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static long parsePaxSize(String v) throws IOException {
        try {
            long n = Long.parseLong(v);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // below
        }
        throw new IOException("archive/tar: invalid tar header");
    }

    private static Map<String, String> parsePax(byte[] body) throws IOException {
        Map<String, String> out = new HashMap<>();
        int i = 0;
        while (i < body.length) {
            int sp = i;
            while (sp < body.length && body[sp] != ' ') {
                sp++;
            }
            if (sp >= body.length) {
                break;
            }
            int len;
            try {
                len = Integer.parseInt(new String(body, i, sp - i, StandardCharsets.US_ASCII));
            } catch (NumberFormatException e) {
                throw new IOException("archive/tar: invalid tar header");
            }
            if (len <= sp - i + 1 || i + len > body.length || body[i + len - 1] != '\n') {
                throw new IOException("archive/tar: invalid tar header");
            }
            String rec = new String(body, sp + 1, len - (sp - i) - 2, StandardCharsets.UTF_8);
            int eq = rec.indexOf('=');
            if (eq > 0) {
                out.put(rec.substring(0, eq), rec.substring(eq + 1));
            }
            i += len;
        }
        return out;
    }

    private static String cstring(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && end < b.length && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    private static long parseNumber(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) { // base-256
            if ((h[off] & 0x40) != 0) {
                return -1; // negative
            }
            long v = 0;
            for (int i = off + 1; i < off + len; i++) {
                if ((v >>> 55) != 0) {
                    return -1; // does not fit
                }
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        String s = cstring(h, off, len).trim();
        try {
            return s.isEmpty() ? 0 : Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new IOException("archive/tar: invalid tar header");
        }
    }
}
