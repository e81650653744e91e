package dev.jdock.api.stream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * Detach keys ({@code --detach-keys}, the {@code detachKeys} attach parameter): Docker's syntax, a comma-separated
 * list of single characters and {@code ctrl-X} names ({@code ctrl-@}, {@code ctrl-a}..{@code ctrl-z}, {@code ctrl-[},
 * {@code ctrl-\}, {@code ctrl-]}, {@code ctrl-^}, {@code ctrl-_}) and {@code DEL}; and the escape matcher that both
 * the CLI (on the terminal's stdin) and the daemon (on a TTY attach's stdin) run: bytes that start the sequence are
 * held back until it either completes (detach; nothing of it is forwarded) or breaks (the held bytes go through).
 */
public final class DetachKeys {
    /** Docker's default: ctrl-p ctrl-q. */
    public static final String DEFAULT = "ctrl-p,ctrl-q";
    private static final String CTRL_SYMBOLS = "@abcdefghijklmnopqrstuvwxyz[\\]^_";

    private final byte[] keys;
    private int matched;

    private DetachKeys(byte[] keys) {
        this.keys = keys;
    }

    /** A matcher for {@code spec}; null or empty means {@link #DEFAULT}. */
    public static DetachKeys of(String spec) {
        return new DetachKeys(parse(spec == null || spec.isEmpty() ? DEFAULT : spec));
    }

    /** Docker's {@code term.ToBytes}; an unknown name is an {@link IllegalArgumentException}. */
    public static byte[] parse(String spec) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String key : spec.split(",", -1)) {
            if (key.length() == 1) {
                out.write(key.charAt(0));
                continue;
            }
            String k = key.toLowerCase(Locale.ROOT);
            if (k.startsWith("ctrl-") && k.length() == 6 && CTRL_SYMBOLS.indexOf(k.charAt(5)) >= 0) {
                out.write(CTRL_SYMBOLS.indexOf(k.charAt(5)));
            } else if (key.equals("DEL")) {
                out.write(127);
            } else {
                throw new IllegalArgumentException("Unknown character: '" + key + "'");
            }
        }
        return out.toByteArray();
    }

    /** The key bytes. */
    public byte[] keys() {
        return keys.clone();
    }

    /**
     * Feeds input: bytes to forward are written to {@code out}. Returns true when the sequence completed; the bytes
     * of the sequence are swallowed and whatever followed it in {@code buf} is dropped, as moby's escape proxy does.
     */
    public boolean feed(byte[] buf, int off, int len, OutputStream out) throws IOException {
        int start = off;
        for (int i = off; i < off + len; i++) {
            if (buf[i] == keys[matched]) {
                if (matched == 0 && i > start) {
                    out.write(buf, start, i - start);
                }
                matched++;
                if (matched == keys.length) {
                    matched = 0;
                    return true;
                }
                start = i + 1;
                continue;
            }
            if (matched > 0) {
                out.write(keys, 0, matched); // a broken sequence: release what was held
                matched = 0;
                if (buf[i] == keys[0]) {
                    matched = 1;
                    start = i + 1;
                    continue;
                }
                start = i;
            }
        }
        if (matched == 0 && start < off + len) {
            out.write(buf, start, off + len - start);
        }
        return false;
    }

    /** Bytes currently held back (a started but unfinished sequence). */
    public int pending() {
        return matched;
    }
}
