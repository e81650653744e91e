package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.GoPath;
import dev.jdock.daemon.layer.TarOutput;
import dev.jdock.daemon.snapshot.OverlayProbe;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The raw header bytes TarOutput and TarWriter write, field by field, as moby 28 writes them (Go's archive/tar with
 * Format PAX, headers from FileInfoHeaderNoLookups): checked side by side with dockerd 20.10's bytes, which differ
 * only by the file type bits in the mode and the root uname/gname (20.10 added both; moby 23+ does not).
 */
class TarHeadersTest {
    @TempDir
    Path tmp;

    /** One header block's fields as strings (NULs kept), and the PAX data that came before it. */
    record Block(Map<String, String> f, String pax) {
        String get(String k) {
            return f.get(k);
        }
    }

    static List<Block> blocks(byte[] tar) {
        List<Block> out = new ArrayList<>();
        String pax = null;
        for (int off = 0; off + 512 <= tar.length;) {
            byte[] b = Arrays.copyOfRange(tar, off, off + 512);
            off += 512;
            if (Arrays.equals(b, new byte[512])) {
                continue;
            }
            Map<String, String> f = new LinkedHashMap<>();
            int[][] fields = {{0, 100}, {100, 8}, {108, 8}, {116, 8}, {124, 12}, {136, 12}, {156, 1}, {157, 100},
                {257, 8}, {265, 32}, {297, 32}, {329, 8}, {337, 8}, {345, 155}};
            String[] keys = {"name", "mode", "uid", "gid", "size", "mtime", "type", "link", "magic", "uname",
                "gname", "devmajor", "devminor", "prefix"};
            for (int i = 0; i < keys.length; i++) {
                f.put(keys[i], new String(b, fields[i][0], fields[i][1], StandardCharsets.ISO_8859_1));
            }
            long size = Long.parseLong(f.get("size").substring(0, 11), 8);
            String data = new String(tar, off, (int) size, StandardCharsets.ISO_8859_1);
            char type = f.get("type").charAt(0);
            if (type == '0' || type == 'x') {
                off += (int) ((size + 511) / 512 * 512);
            }
            if (type == 'x') {
                pax = data;
                out.add(new Block(f, null));
                continue;
            }
            out.add(new Block(f, pax));
            pax = null;
        }
        return out;
    }

    static String field(String value, int width) {
        StringBuilder s = new StringBuilder(value);
        while (s.length() < width) {
            s.append('\0');
        }
        return s.toString();
    }

    static byte[] write(TarOutput.Header... headers) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarOutput t = new TarOutput(out);
        for (TarOutput.Header h : headers) {
            t.putEntry(h);
            t.write(new byte[(int) t.remaining()], 0, (int) t.remaining());
            t.closeEntry();
        }
        t.finish();
        return out.toByteArray();
    }

    @Test
    void aRegularFile_modeWithoutTypeBits_noNames_octalZeroDeviceFields() throws IOException {
        byte[] tar = write(TarOutput.Header.of("etc/passwd", TarOutput.Header.REGULAR, 04755, 1_700_000_000L)
                .withOwner(7, 8).withSize(3));
        Block h = blocks(tar).get(0);
        assertEquals(field("etc/passwd", 100), h.get("name"));
        assertEquals("0004755\0", h.get("mode")); // dockerd 20.10: 0104755 (moby 23 removed fillGo18FileTypeBits)
        assertEquals("0000007\0", h.get("uid"));
        assertEquals("0000010\0", h.get("gid"));
        assertEquals("00000000003\0", h.get("size"));
        assertEquals(Long.toOctalString(1_700_000_000L) + "\0", h.get("mtime"));
        assertEquals("ustar\u000000", h.get("magic"));
        assertEquals(field("", 32), h.get("uname")); // dockerd 20.10: root (its lookups); moby 23+: none
        assertEquals(field("", 32), h.get("gname"));
        assertEquals("0000000\0", h.get("devmajor")); // Go writes the device fields of every entry
        assertEquals("0000000\0", h.get("devminor"));
        assertEquals(field("", 155), h.get("prefix"));
        int sum = 0;
        for (int i = 0; i < 512; i++) {
            sum += i >= 148 && i < 156 ? ' ' : tar[i] & 0xff;
        }
        assertEquals(String.format("%06o", sum) + "\0 ", new String(tar, 148, 8, StandardCharsets.ISO_8859_1));
    }

    @Test
    void aDeviceKeepsItsNumbers() throws IOException {
        Block h = blocks(write(TarOutput.Header.of("dev/null", TarOutput.Header.CHAR_DEVICE, 0666, 0)
                .withDevice(1, 3))).get(0);
        assertEquals("0000001\0", h.get("devmajor"));
        assertEquals("0000003\0", h.get("devminor"));
        assertEquals("3", h.get("type"));
    }

    @Test
    void aLongAsciiName_isSplitIntoPrefixAndName_withoutPax() throws IOException {
        String dir = "t/" + "a".repeat(50) + "/" + "b".repeat(50);
        String base = "file-" + "x".repeat(55);
        List<Block> b = blocks(write(TarOutput.Header.of(dir + "/" + base, TarOutput.Header.REGULAR, 0644, 0)));
        assertEquals(1, b.size());
        assertEquals(field(base, 100), b.get(0).get("name"));
        assertEquals(field(dir, 155), b.get(0).get("prefix"));
        assertEquals(null, b.get(0).pax());
    }

    @Test
    void aNameThatCannotBeSplit_getsAPaxHeaderNamedAsGoNamesIt() throws IOException {
        String dir = "t/" + "c".repeat(150);
        List<Block> b = blocks(write(TarOutput.Header.of(dir + "/", TarOutput.Header.DIRECTORY, 0755, 5)));
        assertEquals(2, b.size());
        Block x = b.get(0);
        // path.Join("t/ccc.../", "PaxHeaders.0", ""), cut at 100 bytes; mode, owner and mtime 0, no device fields
        assertEquals(field(("t/" + "c".repeat(150) + "/PaxHeaders.0").substring(0, 100), 100), x.get("name"));
        assertEquals("x", x.get("type"));
        assertEquals("0000000\0", x.get("mode"));
        assertEquals("00000000000\0", x.get("mtime"));
        assertEquals(field("", 8), x.get("devmajor"));
        assertEquals("ustar\u000000", x.get("magic"));
        assertEquals("163 path=" + dir + "/\n", b.get(1).pax());
        assertEquals(field((dir + "/").substring(0, 100), 100), b.get(1).get("name"));
        assertEquals("0000755\0", b.get(1).get("mode"));
    }

    @Test
    void aNonAsciiName_keepsItsAsciiCharactersInTheUstarField() throws IOException {
        List<Block> b = blocks(write(TarOutput.Header.of("t/caf\u00e9", TarOutput.Header.REGULAR, 0644, 0)));
        assertEquals(field("t/PaxHeaders.0/caf", 100), b.get(0).get("name")); // Go's toASCII drops the rest
        assertEquals(field("t/caf", 100), b.get(1).get("name"));
        assertEquals("16 path=t/caf\u00c3\u00a9\n", b.get(1).pax()); // UTF-8 bytes, read as Latin-1 here
    }

    @Test
    void aCutNameEndingInASlash_endsWithANulInstead() throws IOException {
        String name = "a".repeat(99) + "/" + "b".repeat(101); // no split: the base is longer than 100
        List<Block> b = blocks(write(TarOutput.Header.of(name, TarOutput.Header.REGULAR, 0644, 0)));
        assertEquals(field("a".repeat(99), 100), b.get(1).get("name"));
    }

    @Test
    void paxRecordsAreSortedByKey() throws IOException {
        String link = "/" + "l".repeat(120);
        byte[] cap = {1, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        List<Block> b = blocks(write(TarOutput.Header.of("s", TarOutput.Header.SYMLINK, 0777, 0)
                .withOwner(1L << 24, 0).withLink(link).withXattrs(Map.of("security.capability", cap))));
        String caps = new String(cap, StandardCharsets.ISO_8859_1);
        assertEquals("57 SCHILY.xattr.security.capability=" + caps + "\n" + "135 linkpath=" + link + "\n"
                + "16 uid=16777216\n", b.get(1).pax());
        assertEquals(field("s", 100), b.get(1).get("name"));
        assertEquals("0000000\0", b.get(1).get("uid")); // too big for its field: 0, the PAX record has it
        assertEquals(field("PaxHeaders.0/s", 100), b.get(0).get("name"));
    }

    @Test
    void hardLinksOfEveryKind_andCapabilities() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("d"));
        Path f = Files.writeString(d.resolve("a"), "x");
        Files.createLink(d.resolve("b"), f);
        byte[] cap = {1, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        try (Fd fd = Fs.open(f, Fs.O_RDONLY)) {
            Fs.setxattr(fd, "security.capability", cap);
        }
        new ProcessBuilder("mkfifo", d.resolve("p").toString()).start().onExit().join();
        Files.setPosixFilePermissions(d.resolve("p"), java.nio.file.attribute.PosixFilePermissions
                .fromString("rw-r-----"));
        Files.createLink(d.resolve("q"), d.resolve("p"));
        Files.createSymbolicLink(d.resolve("s"), Path.of("a"));
        List<Block> b = blocks(tarOf(d, null));
        Map<String, Block> byName = new LinkedHashMap<>();
        b.forEach(x -> byName.put(x.get("name").replace("\0", ""), x));
        assertEquals("0", byName.get("d/a").get("type"));
        String capRecord = "57 SCHILY.xattr.security.capability=" + new String(cap, StandardCharsets.ISO_8859_1)
                + "\n";
        assertEquals(capRecord, byName.get("d/a").pax());
        assertEquals("1", byName.get("d/b").get("type")); // moby's TypeLink keeps the header's xattrs
        assertEquals(field("d/a", 100), byName.get("d/b").get("link"));
        assertEquals(capRecord, byName.get("d/b").pax());
        assertEquals("6", byName.get("d/p").get("type"));
        assertEquals("1", byName.get("d/q").get("type")); // a hard-linked fifo: a link entry, as moby writes it
        assertEquals(field("d/p", 100), byName.get("d/q").get("link"));
        assertEquals("0000640\0", byName.get("d/q").get("mode"));
        assertEquals("2", byName.get("d/s").get("type"));
        assertEquals("0000777\0", byName.get("d/s").get("mode"));
        assertEquals("d/PaxHeaders.0/a", byName.keySet().stream().filter(n -> n.contains("PaxHeaders"))
                .findFirst().orElseThrow());
    }

    @Test
    void sharedWhiteouts_laterOnesKeepTheFirstOnesNameAsLinkName() throws IOException {
        Path upper = Files.createDirectories(tmp.resolve("upper/bin"));
        Path w = Files.writeString(upper.resolve("cat"), "");
        Files.createLink(upper.resolve("ls"), w);
        Files.createLink(upper.resolve("vi"), w);
        long ino = (Long) Files.getAttribute(w, "unix:ino");
        OverlayProbe probe = new OverlayProbe() {
            @Override
            public boolean isWhiteout(FileStat st) {
                return st.ino() == ino;
            }

            @Override
            public boolean isOpaque(Fd dir) {
                return false;
            }
        };
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter tw = new TarWriter(out, probe);
        try (Fd d = Fs.open(tmp.resolve("upper"), Fs.O_PATH | Fs.O_DIRECTORY)) {
            tw.addDirectory(d, "", "/");
        }
        tw.finish();
        // dockerd 20.10 (and moby 28, the same tarAppender) on a kernel that links all whiteouts to one inode:
        // bin/.wh.cat, then bin/.wh.ls and bin/.wh.vi as regular files of mode 0600 with link name "bin/cat"
        List<Block> b = blocks(out.toByteArray());
        assertEquals(field("bin/.wh.cat", 100), b.get(1).get("name"));
        assertEquals(field("", 100), b.get(1).get("link"));
        for (int i = 2; i <= 3; i++) {
            assertEquals("0", b.get(i).get("type"));
            assertEquals("0000600\0", b.get(i).get("mode"));
            assertEquals(field("bin/cat", 100), b.get(i).get("link"));
        }
        assertEquals(field("bin/.wh.vi", 100), b.get(3).get("name"));
    }

    @Test
    void aRevision3Capability_isWrittenAsRevision2() {
        byte[] v3 = {1, 0, 0, 3, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 9, 9, 0, 0};
        byte[] v2 = {1, 0, 0, 2, 0, 32, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertArrayEquals(v2, TarWriter.asRevision2(v3));
        assertArrayEquals(v2, TarWriter.asRevision2(v2));
    }

    @Test
    void goPathJoinAndClean() {
        assertEquals("PaxHeaders.0/foo", GoPath.join("./", "PaxHeaders.0", "foo"));
        assertEquals("a/b/PaxHeaders.0", GoPath.join("a/b/", "PaxHeaders.0", ""));
        assertEquals("/x", GoPath.clean("/../x"));
        assertEquals("../x", GoPath.clean("a/../../x"));
        assertEquals("", GoPath.join("", ""));
    }

    static byte[] tarOf(Path dir, OverlayProbe probe) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarWriter w = new TarWriter(out, probe);
        try (Fd d = Fs.open(dir, Fs.O_PATH | Fs.O_DIRECTORY)) {
            w.addDirectory(d, dir.getFileName().toString(), "/");
        }
        w.finish();
        return out.toByteArray();
    }
}
