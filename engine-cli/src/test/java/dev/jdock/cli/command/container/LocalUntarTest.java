package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.cli.core.CliException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI's untar of a hostile archive (what a container puts in {@code docker cp} output): Docker's rules, and
 * nothing written or linked through a symlink that leads out of the destination (the docker CLI 28.2.2 writes
 * through an absolute symlink: {@code s -> /outside}, then {@code s/pwned}).
 */
class LocalUntarTest {
    @TempDir
    Path tmp;
    Path dest;
    Path host;

    @BeforeEach
    void dirs() throws IOException {
        dest = Files.createDirectories(tmp.resolve("dest/deep/er")).toRealPath();
        host = Files.createDirectories(tmp.resolve("host")).toRealPath();
        Files.writeString(host.resolve("victim"), "original\n");
        Files.setPosixFilePermissions(host.resolve("victim"), PosixFilePermissions.fromString("rw-------"));
    }

    /** A tar of entries: {name, type, link or content}. */
    private static byte[] tar(String[]... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String[] e : entries) {
            char type = e[1].charAt(0);
            byte[] data = type == '0' ? e[2].getBytes(StandardCharsets.UTF_8) : new byte[0];
            out.write(TarCodec.header(e[0], type, data.length, type == '5' ? 0755 : 0644, 0, 0, 1700000000L,
                    type == '0' ? "" : e[2]));
            out.write(data);
            out.write(new byte[(TarCodec.BLOCK - data.length % TarCodec.BLOCK) % TarCodec.BLOCK]);
        }
        out.write(new byte[TarCodec.BLOCK * 2]);
        return out.toByteArray();
    }

    private static String[] dir(String name) {
        return new String[] {name, "5", ""};
    }

    private static String[] file(String name, String content) {
        return new String[] {name, "0", content};
    }

    private static String[] sym(String name, String target) {
        return new String[] {name, "2", target};
    }

    private static String[] hard(String name, String target) {
        return new String[] {name, "1", target};
    }

    private void extract(byte[] tar) throws IOException {
        new LocalUntar(dest, null, null).extract(new ByteArrayInputStream(tar));
    }

    private String refused(byte[] tar) {
        return assertThrows(CliException.class, () -> extract(tar)).getMessage();
    }

    private void assertHostUntouched() throws IOException {
        try (var s = Files.list(host)) {
            assertEquals(List.of(host.resolve("victim")), s.toList());
        }
        assertEquals("original\n", Files.readString(host.resolve("victim")));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(host.resolve("victim"))));
        assertEquals(1, (Integer) Files.getAttribute(host.resolve("victim"), "unix:nlink"), "no hard link to it");
        assertFalse(Files.exists(tmp.resolve("dest/deep/escaped")));
    }

    @Test
    void extract_plainTree() throws IOException {
        extract(tar(dir("d/"), file("d/f", "plain\n"), sym("d/l", "f"), hard("d/h", "d/f")));
        assertEquals("plain\n", Files.readString(dest.resolve("d/f")));
        assertEquals(Path.of("f"), Files.readSymbolicLink(dest.resolve("d/l")));
        assertEquals(2, (Integer) Files.getAttribute(dest.resolve("d/f"), "unix:nlink"));
    }

    @Test
    void extract_dotDotName_isOutside() throws IOException {
        assertEquals("\"../escaped\" is outside of \"" + dest + "\"",
                refused(tar(dir("d/"), file("d/../../escaped", "pwned"))));
        assertHostUntouched();
    }

    @Test
    void extract_absoluteName_landsInside() throws IOException {
        extract(tar(file("/escaped-abs", "x")));
        assertTrue(Files.exists(dest.resolve("escaped-abs")));
    }

    @Test
    void extract_throughAbsoluteSymlinkToOutside_isRefused() throws IOException {
        assertEquals("\"d/s/pwned\" is outside of \"" + dest + "\"",
                refused(tar(dir("d/"), sym("d/s", host.toString()), file("d/s/pwned", "pwned"))));
        assertHostUntouched();
        assertEquals(host, Files.readSymbolicLink(dest.resolve("d/s")), "the symlink itself is kept, as Docker");
    }

    @Test
    void extract_throughSymlinkChain_isRefused() throws IOException {
        refused(tar(dir("d/"), sym("d/a", "b"), sym("d/b", host.toString()), file("d/a/pwned", "pwned")));
        extract(tar(sym("d/c", "b/victim"), dir("d/x/"), hard("d/x/h", "d/c")));
        assertTrue(Files.isSymbolicLink(dest.resolve("d/x/h")), "a hard link to a symlink links the symlink");
        assertHostUntouched();
    }

    @Test
    void extract_relativeSymlinkClimbingOut_isInvalid() throws IOException {
        assertEquals("invalid symlink \"" + dest.resolve("d/s") + "\" -> \"../../../../etc/passwd\"",
                refused(tar(dir("d/"), sym("d/s", "../../../../etc/passwd"))));
        assertFalse(Files.exists(dest.resolve("d/s"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void extract_throughSymlinkInside_isAllowed() throws IOException {
        extract(tar(dir("d/"), dir("d/real/"), sym("d/s", "real"), file("d/s/f", "inside"),
                sym("d/abs", dest.resolve("d/real").toString()), file("d/abs/g", "inside too")));
        assertEquals("inside", Files.readString(dest.resolve("d/real/f")));
        assertEquals("inside too", Files.readString(dest.resolve("d/real/g")));
    }

    @Test
    void extract_fileOverSymlink_replacesTheLinkNotItsTarget() throws IOException {
        extract(tar(dir("d/"), sym("d/s", host.resolve("victim").toString()), file("d/s", "new\n")));
        assertHostUntouched();
        assertEquals("new\n", Files.readString(dest.resolve("d/s")));
        assertFalse(Files.isSymbolicLink(dest.resolve("d/s")));
    }

    @Test
    void extract_hardlinkToAFifo_isLeftOutWithTheFifo() throws IOException {
        // jdockd and dockerd archive a second name of a fifo as a hard link to the first
        extract(tar(dir("t"), new String[] {"t/p", "6", ""}, hard("t/q", "t/p"), file("t/f", "x"),
                hard("t/g", "t/f")));
        assertFalse(Files.exists(dest.resolve("t/p"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(dest.resolve("t/q"), LinkOption.NOFOLLOW_LINKS));
        assertEquals("x", Files.readString(dest.resolve("t/g")));
    }

    @Test
    void extract_hardlinkOutside_isInvalid() throws IOException {
        String up = "../../../../../../../.." + host.resolve("victim");
        assertEquals("invalid hardlink \"" + dest.resolve(up).normalize() + "\" -> \"" + up + "\"",
                refused(tar(dir("d/"), hard("d/h", up))));
        assertTrue(refused(tar(dir("d/"), sym("d/s", host.toString()), hard("d/h", "d/s/victim")))
                .startsWith("invalid hardlink"));
        assertHostUntouched();
        assertFalse(Files.exists(dest.resolve("d/h"), LinkOption.NOFOLLOW_LINKS));
    }

    @Test
    void extract_directoryOverSymlink_isDockersError() throws IOException {
        assertEquals("cannot overwrite non-directory \"" + dest.resolve("d/s") + "\" with directory \"" + dest
                + "\"", refused(tar(dir("d/"), sym("d/s", host.toString()), dir("d/s/"))));
        assertHostUntouched();
    }

    @Test
    void extract_modeIsNeverAppliedThroughASymlink() throws IOException {
        extract(tar(sym("s", host.resolve("victim").toString()), dir("x/")));
        assertHostUntouched();
    }

    @Test
    void reader_hostileHeaders_areErrorsNotAllocations() {
        byte[] hugeLongName = new byte[TarCodec.BLOCK * 3];
        System.arraycopy(TarCodec.header("././@LongLink", 'L', 1L << 40, 0644, 0, 0, 0, ""), 0, hugeLongName, 0,
                TarCodec.BLOCK);
        assertThrows(IOException.class, () -> new TarCodec.Reader(new ByteArrayInputStream(hugeLongName)).next());
        byte[] badPax = new byte[TarCodec.BLOCK * 4];
        byte[] body = "99999 path=x\n".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(TarCodec.header("pax", 'x', body.length, 0644, 0, 0, 0, ""), 0, badPax, 0, TarCodec.BLOCK);
        System.arraycopy(body, 0, badPax, TarCodec.BLOCK, body.length);
        assertThrows(IOException.class, () -> new TarCodec.Reader(new ByteArrayInputStream(badPax)).next());
    }

    @Test
    void clean_asGoJoin() {
        assertEquals(List.of("a", "b"), LocalUntar.clean("/a/./b/"));
        assertEquals(List.of("b"), LocalUntar.clean("a/../b"));
        assertEquals(null, LocalUntar.clean("a/../../b"));
        assertEquals("../escaped", LocalUntar.display("d/../../escaped"));
    }

    /**
     * docker 28.2.2's cp -a CONTAINER:PATH HOST (recorded: a file of 12:34 in the container came out 0:0 as root):
     * the CLI untars with NoLchown, the owner is the user running it, never the archive's.
     */
    @Test
    void ownersAreNotTaken() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(TarCodec.header("f", '0', 1, 0644, 12, 34, 1700000000L, ""));
        out.write('z');
        out.write(new byte[TarCodec.BLOCK - 1]);
        out.write(new byte[TarCodec.BLOCK * 2]);
        new LocalUntar(dest, null, null).extract(new ByteArrayInputStream(out.toByteArray()));
        int me = (Integer) Files.getAttribute(dest, "unix:uid");
        assertEquals(me, Files.getAttribute(dest.resolve("f"), "unix:uid", java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }
}
