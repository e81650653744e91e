package dev.jdock.cli.context;

import dev.jdock.cli.io.TarHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * The docker CLI's context archive ({@code docker context export|import}): a tar of {@code meta.json} and
 * {@code tls/<endpoint>/<file>}. Written as docker 28 writes it: ustar headers with zero times and owners, and no
 * padding after the last entry nor end-of-archive blocks (its writer closes the pipe before the tar). Read as docker
 * reads it: a zip when it starts with a zip signature, else a tar; at most 10 MiB; only regular files, which must be
 * {@code meta.json} or under {@code tls/}; failures in docker's words ({@link ArchiveException}).
 */
public final class ContextArchive {
    /** What docker reads of an archive at most. */
    public static final long LIMIT = 10L << 20;
    private static final String META = "meta.json";
    private static final int BLOCK = TarHeader.BLOCK;

    private ContextArchive() {
    }

    /** An archive docker refuses, with its message. */
    public static final class ArchiveException extends IOException {
        public ArchiveException(String message) {
            super(message);
        }
    }

    /** What an archive holds: the context's metadata and its TLS files by endpoint. */
    public record Content(DockerContext meta, Map<String, Map<String, byte[]>> tls) {
    }

    /** Writes the archive of {@code meta} (already in docker's typed form) and {@code tls} (endpoint to files). */
    public static void write(OutputStream out, DockerContext meta, Map<String, Map<String, byte[]>> tls)
            throws IOException {
        byte[] json = meta.toJson();
        TarHeader.write(out, META, '0', json.length, 0644, 0, 0, 0, "");
        out.write(json);
        long pending = json.length;
        pending = dir(out, pending, "tls");
        for (Map.Entry<String, Map<String, byte[]>> ep : new TreeMap<>(tls).entrySet()) {
            pending = dir(out, pending, "tls/" + ep.getKey());
            for (Map.Entry<String, byte[]> f : new TreeMap<>(ep.getValue()).entrySet()) {
                pad(out, pending);
                TarHeader.write(out, "tls/" + ep.getKey() + "/" + f.getKey(), '0', f.getValue().length, 0600, 0, 0,
                        0, "");
                out.write(f.getValue());
                pending = f.getValue().length;
            }
        }
        out.flush();
    }

    private static long dir(OutputStream out, long pending, String name) throws IOException {
        pad(out, pending);
        TarHeader.write(out, name, '5', 0, 0700, 0, 0, 0, "");
        return 0;
    }

    private static void pad(OutputStream out, long size) throws IOException {
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
        }
    }

    /**
     * Reads an archive into {@code name}: {@code onMeta} gets meta.json (named {@code name}) as soon as it is read,
     * as docker stores it before it reads on, and the TLS files are returned once the whole archive has been read.
     */
    public static Map<String, Map<String, byte[]>> read(InputStream in, String name, MetaSink onMeta)
            throws IOException {
        PushbackInputStream p = new PushbackInputStream(new Limited(in), 4);
        byte[] head = p.readNBytes(4);
        p.unread(head);
        boolean zip = head.length == 4 && head[0] == 'P' && head[1] == 'K' && head[2] == 3 && head[3] == 4;
        Map<String, Map<String, byte[]>> tls = new LinkedHashMap<>();
        boolean sawMeta = zip ? readZip(p, name, onMeta, tls) : readTar(p, name, onMeta, tls);
        if (!sawMeta) {
            throw new ArchiveException("invalid context: no metadata found");
        }
        return tls;
    }

    /** Stores the metadata read from an archive. */
    @FunctionalInterface
    public interface MetaSink {
        void accept(DockerContext meta) throws IOException;
    }

    private static boolean readTar(InputStream in, String name, MetaSink onMeta,
            Map<String, Map<String, byte[]>> tls) throws IOException {
        boolean sawMeta = false;
        byte[] h = new byte[BLOCK];
        while (true) {
            int n = in.readNBytes(h, 0, BLOCK);
            if (n == 0) {
                return sawMeta;
            }
            if (n < BLOCK) {
                throw new ArchiveException("unexpected EOF");
            }
            if (zero(h)) {
                n = in.readNBytes(h, 0, BLOCK);
                if (n == 0 || n == BLOCK && zero(h)) {
                    return sawMeta;
                }
                throw new ArchiveException(n < BLOCK ? "unexpected EOF" : "archive/tar: invalid tar header");
            }
            if (!checksumOk(h)) {
                throw new ArchiveException("archive/tar: invalid tar header");
            }
            String entry = cstring(h, 0, 100);
            if (h[257] == 'u' && h[345] != 0) {
                entry = cstring(h, 345, 155) + "/" + entry;
            }
            long size = octal(h, 124, 12);
            byte[] data = in.readNBytes((int) Math.min(size, Integer.MAX_VALUE));
            if (data.length < size) {
                throw new ArchiveException("unexpected EOF");
            }
            long rest = size % BLOCK == 0 ? 0 : BLOCK - size % BLOCK;
            long skipped = in.readNBytes((int) rest).length;
            if (h[156] == '0' || h[156] == 0) {
                sawMeta |= entry(entry, data, name, onMeta, tls);
            }
            if (skipped < rest) {
                if (skipped > 0) {
                    throw new ArchiveException("unexpected EOF");
                }
                return sawMeta;
            }
        }
    }

    private static boolean readZip(InputStream in, String name, MetaSink onMeta,
            Map<String, Map<String, byte[]>> tls) throws IOException {
        byte[] body = in.readAllBytes();
        if (!hasEndOfCentralDirectory(body)) {
            throw new ArchiveException("zip: not a valid zip file");
        }
        boolean sawMeta = false;
        try (ZipInputStream z = new ZipInputStream(new ByteArrayInputStream(body))) {
            for (ZipEntry e; (e = z.getNextEntry()) != null; ) {
                if (e.isDirectory()) {
                    continue;
                }
                sawMeta |= entry(e.getName(), z.readAllBytes(), name, onMeta, tls);
            }
        } catch (ZipException e) {
            throw new ArchiveException("zip: " + e.getMessage());
        }
        return sawMeta;
    }

    private static boolean hasEndOfCentralDirectory(byte[] b) {
        for (int i = b.length - 22; i >= 0 && i >= b.length - 22 - 65535; i--) {
            if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) {
                return true;
            }
        }
        return false;
    }

    /** One regular file of the archive; true when it was meta.json. */
    private static boolean entry(String path, byte[] data, String name, MetaSink onMeta,
            Map<String, Map<String, byte[]>> tls) throws IOException {
        if (!path.equals(META) && !path.startsWith("tls/")) {
            throw new ArchiveException(path + ": unexpected context file");
        }
        if (!clean(path)) {
            throw new ArchiveException(path + ": unexpected path format");
        }
        if (path.contains("\\")) {
            throw new ArchiveException(path + ": unexpected '\\' in path");
        }
        if (path.equals(META)) {
            DockerContext meta = MetaJson.parse(data);
            onMeta.accept(new DockerContext(name, meta.metadata(), meta.endpoints()));
            return true;
        }
        String[] parts = path.substring(4).split("/", 2);
        if (parts.length != 2) {
            throw new ArchiveException("archive format is invalid");
        }
        tls.computeIfAbsent(parts[0], k -> new LinkedHashMap<>()).put(parts[1], data);
        return false;
    }

    /** Go's {@code path.Clean(p) == p} for the relative paths an archive holds. */
    private static boolean clean(String p) {
        if (p.endsWith("/") || p.contains("//")) {
            return false;
        }
        for (String part : p.split("/")) {
            if (part.equals(".") || part.equals("..")) {
                return false;
            }
        }
        return true;
    }

    private static boolean zero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static boolean checksumOk(byte[] h) {
        long stored;
        try {
            stored = octal(h, 148, 8);
        } catch (ArchiveException e) {
            return false;
        }
        byte[] c = Arrays.copyOf(h, BLOCK);
        Arrays.fill(c, 148, 156, (byte) ' ');
        long unsigned = 0;
        long signed = 0;
        for (byte b : c) {
            unsigned += b & 0xff;
            signed += b;
        }
        return stored == unsigned || stored == signed;
    }

    private static long octal(byte[] h, int off, int len) throws ArchiveException {
        String s = cstring(h, off, len).trim();
        if (s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s, 8);
        } catch (NumberFormatException e) {
            throw new ArchiveException("archive/tar: invalid tar header");
        }
    }

    private static String cstring(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** docker's limited reader: more than {@link #LIMIT} bytes is an error, not a silent cut. */
    private static final class Limited extends FilterInputStream {
        private long left = LIMIT;

        Limited(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left < 0) {
                throw new ArchiveException("read exceeds the defined limit");
            }
            int n = super.read(b, off, (int) Math.min(len, left + 1));
            if (n > 0) {
                left -= n;
            }
            if (left < 0) {
                throw new ArchiveException("read exceeds the defined limit");
            }
            return n;
        }
    }

    /** The bytes {@link #write} produces, for callers that hold them in memory. */
    public static byte[] bytes(DockerContext meta, Map<String, Map<String, byte[]>> tls) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        write(out, meta, tls);
        return out.toByteArray();
    }
}
