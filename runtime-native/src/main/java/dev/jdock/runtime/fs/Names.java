package dev.jdock.runtime.fs;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * File names between the kernel (bytes) and Java (strings), losslessly: UTF-8, with every byte that is not part of
 * valid UTF-8 carried as a lone surrogate U+DC80..U+DCFF (Python's "surrogateescape"), so a file whose name is not
 * UTF-8 can still be opened, archived and removed. A NUL can never reach the kernel: it would cut the name short.
 */
public final class Names {
    private Names() {
    }

    /** The NUL-terminated bytes of {@code name} for a system call. */
    public static byte[] cstr(String name) {
        if (name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("file name contains a NUL byte");
        }
        if (isAscii(name)) {
            byte[] out = new byte[name.length() + 1];
            for (int i = 0; i < name.length(); i++) {
                out[i] = (byte) name.charAt(i);
            }
            return out;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(name.length() * 2 + 1);
        int start = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c >= 0xDC80 && c <= 0xDCFF && !lowOfPair(name, i)) {
                out.writeBytes(name.substring(start, i).getBytes(StandardCharsets.UTF_8));
                out.write(c & 0xff);
                start = i + 1;
            }
        }
        out.writeBytes(name.substring(start).getBytes(StandardCharsets.UTF_8));
        out.write(0);
        return out.toByteArray();
    }

    private static boolean lowOfPair(String s, int i) {
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }

    /** The name held in {@code len} bytes at {@code off}. */
    public static String decode(byte[] b, int off, int len) {
        boolean ascii = true;
        for (int i = off; i < off + len && ascii; i++) {
            ascii = b[i] >= 0;
        }
        if (ascii) {
            return new String(b, off, len, StandardCharsets.ISO_8859_1);
        }
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(b, off, len);
        CharBuffer out = CharBuffer.allocate(len);
        while (in.hasRemaining()) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                for (int i = 0; i < r.length(); i++) {
                    out.put((char) (0xDC00 | (in.get() & 0xff)));
                }
            } else if (r.isUnderflow()) {
                break;
            } else {
                throw new IllegalStateException(new CharacterCodingException());
            }
        }
        out.flip();
        return out.toString();
    }
}
