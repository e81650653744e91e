package dev.jdock.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The body framings' reads and {@code available()}, on which the log and attach copies decide when to flush. */
class BodyStreamsTest {
    /** Counts the reads that reach the "socket". */
    private static InputStream socket(String wire, AtomicInteger reads) {
        return new ByteArrayInputStream(wire.getBytes(StandardCharsets.ISO_8859_1)) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                reads.incrementAndGet();
                return super.read(b, off, len);
            }
        };
    }

    @Test
    void chunked_smallReadsAreServedFromOneSocketRead_andAvailableStopsAtTheChunksEnd() throws IOException {
        AtomicInteger reads = new AtomicInteger();
        String wire = "8\r\nabcdefgh\r\n3\r\nxyz\r\n0\r\n\r\n";
        BodyStreams.ChunkedInput in = new BodyStreams.ChunkedInput(new HttpInput(socket(wire, reads)));
        byte[] b = new byte[3];
        assertEquals(3, in.read(b, 0, 3));
        assertEquals("abc", new String(b, StandardCharsets.US_ASCII));
        assertEquals(5, in.available()); // the rest of this chunk is buffered
        assertEquals(3, in.read(b, 0, 3));
        assertEquals(2, in.read(b, 0, 3));
        assertEquals(0, in.available()); // at a chunk's end: the next size line is not looked at
        assertEquals(3, in.read(b, 0, 3));
        assertEquals("xyz", new String(b, StandardCharsets.US_ASCII));
        assertEquals(-1, in.read(b, 0, 3));
        assertEquals(0, in.available());
        assertEquals(1, reads.get(), "one socket read for the whole body");
    }

    @Test
    void fixedLength_availableIsBoundedByTheBody() throws IOException {
        AtomicInteger reads = new AtomicInteger();
        BodyStreams.FixedLength in = new BodyStreams.FixedLength(new HttpInput(socket("12345NEXT", reads)), 5);
        assertEquals('1', in.read());
        assertEquals(4, in.available());
        byte[] b = new byte[10];
        assertEquals(4, in.read(b, 0, 10));
        assertEquals(0, in.available());
        assertEquals(-1, in.read(b, 0, 10));
    }
}
