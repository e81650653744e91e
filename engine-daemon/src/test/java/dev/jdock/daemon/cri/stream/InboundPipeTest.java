package dev.jdock.daemon.cri.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class InboundPipeTest {
    @Test
    void theConnectionStopsReadingAboveTheHighMarkAndResumesBelowTheLow() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        InboundPipe.Gate gate = new InboundPipe.Gate(ch);
        InboundPipe a = new InboundPipe(gate);
        InboundPipe b = new InboundPipe(gate);
        int chunk = 32 * 1024;
        for (int i = 0; i < InboundPipe.Gate.HIGH / chunk; i++) {
            (i % 2 == 0 ? a : b).offer(Unpooled.wrappedBuffer(new byte[chunk]));
        }
        assertTrue(ch.config().isAutoRead(), "at the mark exactly: still reading");
        a.offer(Unpooled.wrappedBuffer(new byte[1]));
        assertFalse(ch.config().isAutoRead(), "above it, across both pipes: paused");
        byte[] buf = new byte[chunk];
        int taken = 0;
        for (int i = 0; InboundPipe.Gate.HIGH + 1 - taken >= InboundPipe.Gate.LOW; i++) {
            assertFalse(ch.config().isAutoRead(), "still paused above the low mark");
            taken += (i % 2 == 0 ? a : b).read(buf, 0, buf.length); // a chunk of each pipe in turn
        }
        assertTrue(ch.config().isAutoRead(), "resumed below the low mark");
    }

    @Test
    void readsInOrderThenEndAndAClosedPipeDropsAndReleases() throws Exception {
        EmbeddedChannel ch = new EmbeddedChannel();
        InboundPipe p = new InboundPipe(new InboundPipe.Gate(ch));
        p.offer(Unpooled.copiedBuffer(new byte[] {1, 2, 3}));
        p.offer(Unpooled.copiedBuffer(new byte[] {4}));
        p.end();
        byte[] b = new byte[8];
        assertEquals(2, p.read(b, 0, 2));
        assertEquals(1, p.read(b, 2, 6));
        assertEquals(1, p.read(b, 3, 5));
        assertEquals(-1, p.read(b, 0, 8));
        assertEquals(List.of(1, 2, 3, 4), List.of((int) b[0], (int) b[1], (int) b[2], (int) b[3]));

        InboundPipe q = new InboundPipe(new InboundPipe.Gate(ch));
        List<ByteBuf> bufs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ByteBuf x = Unpooled.buffer(4).writeInt(i);
            bufs.add(x);
            q.offer(x);
        }
        q.close();
        ByteBuf late = Unpooled.buffer(1).writeByte(9);
        q.offer(late);
        bufs.add(late);
        assertTrue(bufs.stream().allMatch(x -> x.refCnt() == 0), "every buffer released");
        assertEquals(-1, q.read(b, 0, 8));
    }
}
