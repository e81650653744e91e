package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TarCodecTest {
    @TempDir
    Path tmp;

    @Test
    void roundTripWithLongNamesAndLinks() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("d"));
        String longName = "n".repeat(150);
        Files.writeString(src.resolve(longName), "long");
        Files.writeString(src.resolve("a"), "alpha");
        Files.createSymbolicLink(src.resolve("l"), Path.of("a"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarCodec.writeTree(out, src, "d", false);
        TarCodec.finish(out);
        TarCodec.Reader r = new TarCodec.Reader(new ByteArrayInputStream(out.toByteArray()));
        List<String> names = new ArrayList<>();
        TarCodec.Entry e;
        while ((e = r.next()) != null) {
            String content = e.type() == '0' ? new String(r.data().readAllBytes(), StandardCharsets.UTF_8) : "";
            names.add(e.name() + "|" + e.type() + "|" + content + "|" + e.linkName());
        }
        assertEquals(List.of("d/|5||", "d/a|0|alpha|", "d/l|2||a", "d/" + longName + "|0|long|"), names);
        assertNull(r.next());
    }

    /** docker 28.2.2's cp -L of a link to a directory (recorded): the inner link stays a link (y/l -> d/a). */
    @Test
    void followLink_resolvesOnlyTheSource() throws IOException {
        Path src = Files.createDirectories(tmp.resolve("cpsrc/d"));
        Files.writeString(src.resolve("a"), "a\n");
        Files.createSymbolicLink(tmp.resolve("cpsrc/l"), Path.of("d/a"));
        Files.createSymbolicLink(tmp.resolve("cpsrc/up"), Path.of(".."));
        Path link = Files.createSymbolicLink(tmp.resolve("cplink"), Path.of("cpsrc"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TarCodec.writeTree(out, link, "y", true);
        TarCodec.finish(out);
        TarCodec.Reader r = new TarCodec.Reader(new ByteArrayInputStream(out.toByteArray()));
        List<String> names = new ArrayList<>();
        TarCodec.Entry e;
        while ((e = r.next()) != null) {
            String content = e.type() == '0' ? new String(r.data().readAllBytes(), StandardCharsets.UTF_8) : "";
            names.add(e.name() + "|" + e.type() + "|" + content + "|" + e.linkName());
        }
        assertEquals(List.of("y/|5||", "y/d/|5||", "y/d/a|0|a\n|", "y/l|2||d/a", "y/up|2||.."), names);
    }

    @Test
    void paxRecordLengthCountsItself() {
        assertEquals("11 path=ab\n", TarCodec.record("path", "ab"));
        String r = TarCodec.record("path", "x".repeat(95));
        assertEquals(Integer.parseInt(r.substring(0, r.indexOf(' '))), r.getBytes(StandardCharsets.UTF_8).length);
    }

    @Test
    void rebaseAndSplitAsTheDockerCli() {
        assertEquals("new/", CopyCommand.rebase("./", ".", "new"));
        assertEquals("new/a", CopyCommand.rebase("./a", ".", "new"));
        assertEquals("copy/passwd", CopyCommand.rebase("etc/passwd", "etc", "copy"));
        assertEquals(".", CopyCommand.baseOf("/etc/."));
        assertEquals("etc", CopyCommand.baseOf("/etc/"));
        assertEquals(-1, CopyCommand.containerSplit("/abs:path"));
        assertEquals(2, CopyCommand.containerSplit("t1:/etc"));
    }
}
