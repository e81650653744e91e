package dev.jdock.cli.command.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Reads a ustar archive (as the CLI writes it) into its entries, checking the block layout on the way. */
final class TarEntries {
    record Entry(String name, char type, int mode, int uid, int gid, String link, String data) {
        /** {@code name type mode} as {@code tar tv} would show the essentials, e.g. {@code a.txt 0 751}. */
        String brief() {
            return name + " " + type + " " + Integer.toOctalString(mode) + (link.isEmpty() ? "" : " -> " + link);
        }
    }

    private TarEntries() {
    }

    static List<Entry> read(InputStream in) throws IOException {
        List<Entry> out = new ArrayList<>();
        while (true) {
            byte[] h = in.readNBytes(512);
            if (h.length < 512) {
                throw new IOException("truncated archive");
            }
            if (isZero(h)) {
                byte[] second = in.readNBytes(512);
                if (second.length != 512 || !isZero(second) || in.read() != -1) {
                    throw new IOException("bad end of archive");
                }
                return out;
            }
            long size = octal(h, 124, 12);
            byte[] data = in.readNBytes((int) size);
            in.readNBytes((int) ((512 - size % 512) % 512));
            out.add(new Entry(text(h, 0, 100), (char) h[156], (int) octal(h, 100, 8), (int) octal(h, 108, 8),
                    (int) octal(h, 116, 8), text(h, 157, 100), new String(data, StandardCharsets.UTF_8)));
        }
    }

    static List<String> briefs(List<Entry> entries) {
        return entries.stream().map(Entry::brief).toList();
    }

    private static boolean isZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    private static String text(byte[] h, int off, int len) {
        int end = off;
        while (end < off + len && h[end] != 0) {
            end++;
        }
        return new String(h, off, end - off, StandardCharsets.UTF_8);
    }

    private static long octal(byte[] h, int off, int len) {
        String s = text(h, off, len).trim();
        return s.isEmpty() ? 0 : Long.parseLong(s, 8);
    }
}
