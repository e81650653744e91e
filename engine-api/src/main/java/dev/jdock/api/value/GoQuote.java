package dev.jdock.api.value;

/** Go's {@code strconv.Quote} (fmt's {@code %q} of a string), for messages worded as the docker CLI and dockerd do. */
public final class GoQuote {
    private GoQuote() {
    }

    /** '"' and '\\' escaped, control characters as Go writes them, printable text beyond ASCII as is. */
    public static String quote(String v) {
        StringBuilder b = new StringBuilder("\"");
        for (int k = 0; k < v.length(); ) {
            int c = v.codePointAt(k);
            k += Character.charCount(c);
            switch (c) {
                case '"', '\\' -> b.append('\\').append((char) c);
                case '\u0007' -> b.append("\\a");
                case '\b' -> b.append("\\b");
                case '\f' -> b.append("\\f");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                case '\u000b' -> b.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        b.append(String.format("\\x%02x", c));
                    } else if (c < 0x80 || goPrintable(c)) {
                        b.appendCodePoint(c);
                    } else if (c <= 0xffff) {
                        b.append(String.format("\\u%04x", c));
                    } else {
                        b.append(String.format("\\U%08x", c));
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** Go's unicode.IsPrint beyond ASCII: letters, marks, numbers, punctuation and symbols (no other spaces). */
    private static boolean goPrintable(int c) {
        return switch (Character.getType(c)) {
            case Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                    Character.CONTROL, Character.FORMAT, Character.UNASSIGNED, Character.PRIVATE_USE,
                    Character.SURROGATE -> false;
            default -> true;
        };
    }
}
