package dev.jdock.daemon.build.dockerfile;

import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.io.Reader;

/**
 * The physical lines of a Dockerfile, line breaks ({@code \n}, trailing {@code \r}) removed and a leading BOM
 * dropped. Counts the UTF-8 size of what it reads and refuses more than {@code maxBytes} in all or
 * {@code maxLine} in one line.
 */
final class LineSource {
    private final Reader in;
    private final long maxBytes;
    private final int maxLine;
    private final char[] buf = new char[8192];
    private int len;
    private int pos;
    private long bytes;
    private int lineNumber;
    private String ending = "";
    private boolean eof;

    LineSource(Reader in, long maxBytes, int maxLine) {
        this.in = in;
        this.maxBytes = maxBytes;
        this.maxLine = maxLine;
    }

    /** The number of the line {@link #next()} returned last, 1-based. */
    int lineNumber() {
        return lineNumber;
    }

    /** What ended the line {@link #next()} returned last: {@code "\n"}, {@code "\r\n"}, or "" at the end. */
    String ending() {
        return ending;
    }

    /** The next line, or null at the end. */
    String next() {
        if (eof && pos >= len) {
            return null;
        }
        StringBuilder line = new StringBuilder();
        long lineBytes = 0;
        String end = "";
        while (true) {
            if (pos >= len && !fill()) {
                if (line.length() == 0) {
                    return null;
                }
                break;
            }
            char c = buf[pos++];
            int size = utf8(c);
            count(size);
            if (c == '\n') {
                end = "\n";
                break;
            }
            lineBytes += size;
            if (lineBytes > maxLine) {
                throw Dockerfile.error(lineNumber + 1, "dockerfile line greater than max allowed size of " + maxLine);
            }
            line.append(c);
        }
        lineNumber++;
        int cut = line.length();
        while (cut > 0 && line.charAt(cut - 1) == '\r') {
            cut--;
        }
        ending = line.substring(cut) + end;
        line.setLength(cut);
        if (lineNumber == 1 && cut > 0 && line.charAt(0) == '\uFEFF') {
            line.deleteCharAt(0);
        }
        return line.toString();
    }

    private static int utf8(char c) {
        return c < 0x80 ? 1 : c < 0x800 || Character.isSurrogate(c) ? 2 : 3;
    }

    private void count(int size) {
        bytes += size;
        if (bytes > maxBytes) {
            throw Dockerfile.error(lineNumber + 1, "the Dockerfile exceeds the maximum size of " + maxBytes + " bytes");
        }
    }

    private boolean fill() {
        if (eof) {
            return false;
        }
        try {
            len = in.read(buf);
        } catch (IOException e) {
            throw EngineException.invalid("failed to read the Dockerfile: " + e.getMessage());
        }
        pos = 0;
        if (len <= 0) {
            len = 0;
            eof = true;
            return false;
        }
        return true;
    }
}
