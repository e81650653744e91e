package dev.jdock.daemon.cri.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.stream.StdcopyFrame;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class StdcopyDemuxTest {
    @Test
    void framesCutAnywhereAreSplitByStream() throws Exception {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        all.write(frame(StdcopyFrame.STDOUT, "hello "));
        all.write(frame(StdcopyFrame.STDERR, "oops"));
        all.write(frame(StdcopyFrame.STDOUT, "world"));
        byte[] b = all.toByteArray();
        for (int cut = 1; cut < 12; cut++) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            StdcopyDemux d = new StdcopyDemux(out, err);
            for (int i = 0; i < b.length; i += cut) {
                d.write(b, i, Math.min(cut, b.length - i));
            }
            assertEquals("hello world", out.toString(StandardCharsets.UTF_8));
            assertEquals("oops", err.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStreamNotAskedForIsDropped() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StdcopyDemux d = new StdcopyDemux(out, null);
        d.write(frame(StdcopyFrame.STDERR, "x"));
        d.write(frame(StdcopyFrame.STDOUT, "y"));
        assertEquals("y", out.toString(StandardCharsets.UTF_8));
    }

    private static byte[] frame(int stream, String s) {
        byte[] p = s.getBytes(StandardCharsets.UTF_8);
        return StdcopyFrame.encode(stream, p, 0, p.length);
    }
}
