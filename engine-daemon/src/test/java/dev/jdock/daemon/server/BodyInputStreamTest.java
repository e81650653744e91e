package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class BodyInputStreamTest {
    private final EmbeddedChannel ch = new EmbeddedChannel();
    private final BodyInputStream body = new BodyInputStream(new ReadGate(ch));

    private void offer(String s) {
        body.offer(Unpooled.copiedBuffer(s, StandardCharsets.UTF_8));
    }

    @Test
    void complete_readsEverythingThenEof() throws IOException {
        offer("abc");
        body.complete();
        assertArrayEquals("abc".getBytes(StandardCharsets.UTF_8), body.readAllBytes());
        assertEquals(-1, body.read());
    }

    /** What arrived is still read; then the failure, never an EOF that would pass half a body for all of it. */
    @Test
    void failedBeforeItsEnd_readsWhatArrivedThenThrows() throws IOException {
        offer("abc");
        body.fail(new IOException("client connection closed"));
        byte[] b = new byte[3];
        assertEquals(3, body.read(b, 0, 3));
        IOException e = assertThrows(IOException.class, body::read);
        assertTrue(e instanceof RequestBodyException, e.toString());
        assertThrows(IOException.class, body::read, "and again on the next read");
    }

    @Test
    void failAfterComplete_changesNothing() throws IOException {
        offer("abc");
        body.complete();
        body.fail(new IOException("client connection closed"));
        assertEquals("abc", new String(body.readAllBytes(), StandardCharsets.UTF_8));
    }

    @Test
    void backPressure_stopsReadingAboveHighWater_resumesWhenDrained() throws IOException {
        body.offer(Unpooled.wrappedBuffer(new byte[BodyInputStream.HIGH_WATER + 1]));
        assertFalse(ch.config().isAutoRead());
        body.readNBytes(BodyInputStream.HIGH_WATER / 2 + 2);
        assertTrue(ch.config().isAutoRead());
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void closed_dropsWhatArrives_andResumesReading() {
        body.offer(Unpooled.wrappedBuffer(new byte[BodyInputStream.HIGH_WATER + 1]));
        body.close();
        assertTrue(ch.config().isAutoRead());
        io.netty.buffer.ByteBuf late = Unpooled.wrappedBuffer(new byte[10]);
        body.offer(late);
        assertEquals(0, late.refCnt(), "dropped and released");
        assertEquals(BodyInputStream.HIGH_WATER + 11, body.received());
    }

    /** A body trickled a byte per read keeps its bytes, not one direct read buffer per byte. */
    @Test
    void smallChunks_areCopied_theirBuffersReleased() throws IOException {
        List<io.netty.buffer.ByteBuf> chunks = new java.util.ArrayList<>();
        for (int i = 0; i < 20_000; i++) {
            io.netty.buffer.ByteBuf b = Unpooled.directBuffer(2048).writeByte('a' + i % 26);
            chunks.add(b);
            body.offer(b);
        }
        assertTrue(chunks.stream().allMatch(b -> b.refCnt() == 0), "no chunk is kept");
        body.complete();
        byte[] all = body.readAllBytes();
        assertEquals(20_000, all.length);
        for (int i = 0; i < all.length; i++) {
            assertEquals('a' + i % 26, all[i]);
        }
    }
}
