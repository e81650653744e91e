package dev.jdock.cli.command.image;

import dev.jdock.cli.format.Formats;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;

/**
 * The build context as it is read by the request writer, counted and reported as docker's progress reader reports
 * it: {@code Sending build context to Docker daemon  2.048kB} (the size right-aligned in 8 columns) ended by
 * {@code \r}, then {@code \r\n} after the last update. On a terminal an update every 512 kB (at most one each
 * 100 ms) overwrites the line; otherwise only the last one is printed.
 */
final class UploadProgress extends FilterInputStream {
    static final String ACTION = "Sending build context to Docker daemon";
    private static final long EVERY = 512 * 1024;
    private static final long LIMIT_NANOS = 100_000_000L;

    private final PrintStream out;
    private final boolean terminal;
    private long sent;
    private long reported;
    private boolean done;
    private long printed;

    UploadProgress(InputStream in, PrintStream out, boolean terminal) {
        super(in);
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            sent += n;
            if (terminal && sent - reported > EVERY) {
                reported = sent;
                long now = System.nanoTime();
                if (printed == 0 || now - printed >= LIMIT_NANOS) { // docker's rate limiter: 10 a second
                    printed = now;
                    out.print(line());
                    out.flush();
                }
            }
        } else if (n < 0 && !done) {
            done = true;
            out.print(line() + "\r\n");
            out.flush();
        }
        return n;
    }

    /** One update: go-units HumanSize padded as Go's {@code %8v}, then {@code \r}. */
    String line() {
        String size = sent <= 0 ? "" : String.format("%8s", Formats.humanSize4(sent));
        return ACTION + " " + size + "\r";
    }
}
