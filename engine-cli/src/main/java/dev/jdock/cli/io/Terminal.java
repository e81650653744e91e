package dev.jdock.cli.io;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The controlling terminal via {@code stty} on {@code /dev/tty} (no JNI): size, raw mode and restore.
 * {@link #onResize} runs a callback on every SIGWINCH (HotSpot's {@code sun.misc.Signal}).
 */
public final class Terminal {
    private String saved;

    /** True when stdin and stdout look like a terminal. */
    public static boolean isTerminal() {
        return System.console() != null;
    }

    /**
     * True when stdout is a terminal, as the docker CLI's {@code Out().IsTerminal()} (what decides progress bars):
     * {@code /proc/self/fd/1} names a tty, whatever stdin is; where /proc cannot say, {@link #isTerminal}.
     */
    public static boolean stdoutIsTerminal() {
        return fdIsTerminal(1);
    }

    /** True when stdin is a terminal, as the docker CLI's {@code In().IsTerminal()}. */
    public static boolean stdinIsTerminal() {
        return fdIsTerminal(0);
    }

    private static boolean fdIsTerminal(int fd) {
        try {
            String target = Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd)).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (IOException | UnsupportedOperationException | SecurityException e) {
            return isTerminal();
        }
    }

    private static String stty(String... args) throws IOException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "stty";
        System.arraycopy(args, 0, cmd, 1, args.length);
        Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty"))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        try {
            if (p.waitFor() != 0) {
                throw new IOException("stty " + String.join(" ", args) + " failed");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** {@code [rows, cols]}, or null when there is no terminal. */
    public static int[] size() {
        try {
            String[] rc = stty("size").split("\\s+");
            return new int[] {Integer.parseInt(rc[0]), Integer.parseInt(rc[1])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Runs {@code action} on every SIGWINCH until the returned handle is closed (no-op where the JVM refuses the
     * signal).
     */
    public static AutoCloseable onResize(Runnable action) {
        try {
            sun.misc.Signal winch = new sun.misc.Signal("WINCH");
            sun.misc.SignalHandler previous = sun.misc.Signal.handle(winch, s -> action.run());
            return () -> sun.misc.Signal.handle(winch, previous);
        } catch (IllegalArgumentException | LinkageError e) {
            return () -> { };
        }
    }

    /** Saves the settings ({@code stty -g}) and switches to {@code raw -echo}. */
    public void makeRaw() throws IOException {
        saved = stty("-g");
        stty("raw", "-echo");
    }

    /** Restores the saved settings, if any. */
    public void restore() {
        if (saved != null) {
            try {
                stty(saved);
            } catch (IOException ignored) {
                // best effort: the terminal stays raw; `reset` fixes it
            }
            saved = null;
        }
    }
}
