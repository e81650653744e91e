package dev.jdock.daemon.build;

import java.io.OutputStream;

/**
 * Where a stage's steps report: the build's own output for a stage that runs alone, or a {@link StageLog} that
 * keeps a stage's messages while an earlier stage's are still being sent (stages run in parallel, their output
 * reads as if they had run one after another).
 */
interface StepLog {
    String STDERR_START = "\u001b[91m";
    String STDERR_END = "\u001b[0m";

    /** Text as the client prints it (a step line, an arrow line, a step's stdout). */
    void stream(String text);

    /** A step's stderr, in the colours moby marks it with. */
    default void stderr(String text) {
        stream(STDERR_START + text + STDERR_END);
    }

    /** {@code Step n/m : <instruction>}, then a message with the newline alone, as moby sends it. */
    default void step(int n, int total, String original) {
        stream("Step " + n + "/" + total + " : " + original);
        stream("\n");
    }

    /** Where a FROM's pull writes its own JSON messages, passed on as they are. */
    OutputStream passthrough();

    /** An output stream handing each write on as one whole message line (a pull's JSON messages). */
    static OutputStream lines(java.util.function.Consumer<byte[]> sink) {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                sink.accept(java.util.Arrays.copyOfRange(b, off, off + len));
            }
        };
    }

    /** Whether the client went away (the build stops at its next step). */
    boolean clientGone();
}
