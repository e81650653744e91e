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
        return xz(code, DATA);
    }

    private static byte[] xz(int code, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        LZMA2Options o = new LZMA2Options();
        o.setDictSize(LZMA2Options.DICT_SIZE_MIN);
        try (XZOutputStream out = new XZOutputStream(b, o)) {
            out.write(data);
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
    void xz_upToXzDash9_isRead_andItsMemoryGivenBack() throws IOException {
        assertArrayEquals(DATA, decompress(xz(0)));
        assertArrayEquals(DATA, decompress(xz(26)), "a 32 MiB dictionary: xz -8");
        assertArrayEquals(DATA, decompress(xz(28)), "a 64 MiB dictionary: xz -9");
        assertEquals(0, XzMemory.usedKib());
    }

    @Test
    void xz_askingForMoreMemory_isRefused_notAllocated() throws IOException {
        // a 212-byte build context asking for a 128 MiB dictionary was a 500 "Java heap space" (the daemon's heap)
        for (int code : new int[] {30, 36}) { // 128 MiB, 1 GiB
            IOException e = assertThrows(IOException.class, () -> decompress(xz(code)));
            assertTrue(e.getMessage().contains("of memory would be needed; limit was 66560 KiB"), e.getMessage());
        }
        assertEquals(0, XzMemory.usedKib());
    }

    /** Two xz -9 streams at once would take the daemon's heap: the second waits until the first gives its back. */
    @Test
    void xz_streamsShareOneBudget_theSecondWaitsForTheFirst() throws Exception {
        byte[] big = new byte[1 << 20]; // more than a read's buffer: the first stream stays open, mid-block
        new java.util.Random(1).nextBytes(big);
        InputStream first = Compression.decompress(new ByteArrayInputStream(xz(28, big)));
        assertEquals(big[0], (byte) first.read()); // its dictionary is taken
        assertTrue(XzMemory.usedKib() >= 64 << 10);
        java.util.concurrent.CompletableFuture<byte[]> second = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return decompress(xz(28));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
        Thread.sleep(300);
        assertTrue(!second.isDone(), "the second stream waits while the first holds the memory");
        first.close();
        assertArrayEquals(DATA, second.get(60, java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(0, XzMemory.usedKib());
    }

    private static byte[] bigXz9() throws IOException {
        byte[] big = new byte[1 << 20];
        new java.util.Random(2).nextBytes(big);
        return xz(28, big);
    }

    /** A client gone mid-stream (the body's read fails): the decoder's arrays go back at once, not at a close. */
    @Test
    void xz_aFailedRead_givesTheMemoryBack() throws IOException {
        byte[] x = bigXz9();
        InputStream cut = new java.io.FilterInputStream(new ByteArrayInputStream(x, 0, x.length / 2)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
        InputStream in = Compression.decompress(cut);
        assertThrows(IOException.class, in::readAllBytes);
        assertEquals(0, XzMemory.usedKib());
    }

    /** A stream its reader dropped without a close: a waiting one gets the memory once the arrays are collected. */
    @Test
    void xz_aDroppedStream_isCollected_forTheOneWaiting() throws Exception {
        byte[] x = bigXz9();
        InputStream first = Compression.decompress(new ByteArrayInputStream(x));
        assertTrue(first.read() >= 0); // its dictionary is taken
        assertTrue(XzMemory.usedKib() >= 64 << 10);
        first = null; // dropped, never closed
        assertArrayEquals(DATA, java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return decompress(xz(28));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }).get(60, java.util.concurrent.TimeUnit.SECONDS));
    }
}
