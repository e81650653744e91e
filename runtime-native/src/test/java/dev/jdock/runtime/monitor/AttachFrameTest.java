package dev.jdock.runtime.monitor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class AttachFrameTest {

    @Test
    void encode_writesTypeAndBigEndianLength() {
        ByteBuffer b = AttachFrame.encode(AttachFrame.RESIZE, ByteBuffer.wrap("24 80".getBytes(StandardCharsets.US_ASCII)));
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        assertArrayEquals(new byte[] {12, 0, 0, 0, 5, '2', '4', ' ', '8', '0'}, bytes);
    }

    @Test
    void read_decodesConsecutiveFramesThenEof() throws IOException {
        byte[] data = {1, 0, 0, 0, 2, 'h', 'i', 3, 0, 0, 0, 1, '0'};
        ReadableByteChannel ch = Channels.newChannel(new ByteArrayInputStream(data));
        AttachFrame first = AttachFrame.read(ch);
        assertEquals(AttachFrame.STDOUT, first.type());
        assertEquals("hi", StandardCharsets.UTF_8.decode(first.payload()).toString());
        assertEquals(AttachFrame.EXIT, AttachFrame.read(ch).type());
        assertThrows(EOFException.class, () -> AttachFrame.read(ch));
    }

    @Test
    void read_rejectsOversizedFrame() {
        byte[] data = {1, 0x7f, 0, 0, 0};
        ReadableByteChannel ch = Channels.newChannel(new ByteArrayInputStream(data));
        assertThrows(IOException.class, () -> AttachFrame.read(ch));
    }
}
