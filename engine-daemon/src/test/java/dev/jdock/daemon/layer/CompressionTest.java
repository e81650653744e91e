package dev.jdock.daemon.layer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import org.junit.jupiter.api.Test;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.XZOutputStream;

class CompressionTest {
    private static final byte[] DATA = "a layer, or a build context\n".repeat(100).getBytes(StandardCharsets.UTF_8);

    /** {@link #DATA} as xz whose header asks for the dictionary of size code {@code code} (xz's encoding). */
    private static byte[] xz(int code) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        LZMA2Options o = new LZMA2Options();
        o.setDictSize(LZMA2Options.DICT_SIZE_MIN);
        try (XZOutputStream out = new XZOutputStream(b, o)) {
            out.write(DATA);
        }
        byte[] x = b.toByteArray();
        int h = 12; // the block header follows the 12-byte stream header
        int size = ((x[h] & 0xff) + 1) * 4;
        assertEquals(0x21, x[h + 2], "one filter, LZMA2, no sizes");
        x[h + 4] = (byte) code; // the dictionary is only a header byte: the stream's sender chooses it
        CRC32 crc = new CRC32();
        crc.update(x, h, size - 4);
        long c = crc.getValue();
        for (int i = 0; i < 4; i++) {
            x[h + size - 4 + i] = (byte) (c >>> (8 * i));
        }
        return x;
    }

    private static byte[] decompress(byte[] raw) throws IOException {
        try (InputStream in = Compression.decompress(new ByteArrayInputStream(raw))) {
            return in.readAllBytes();
        }
    }

    @Test
    void xz_upToXzDash8_isRead() throws IOException {
        assertArrayEquals(DATA, decompress(xz(0)));
        assertArrayEquals(DATA, decompress(xz(26)), "a 32 MiB dictionary: xz -8");
    }

    @Test
    void xz_askingForMoreMemory_isRefused_notAllocated() throws IOException {
        // a 212-byte build context asking for a 128 MiB dictionary was a 500 "Java heap space" (the daemon's heap)
        for (int code : new int[] {28, 30, 36}) { // 64 MiB (xz -9), 128 MiB, 1 GiB
            IOException e = assertThrows(IOException.class, () -> decompress(xz(code)));
            assertTrue(e.getMessage().contains("of memory would be needed; limit was 33"), e.getMessage());
        }
    }
}
