package dev.jdock.cli.core;

import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Go's {@code json.MarshalIndent(v, "", "\t")}, as the docker CLI writes config.json: a tab per level,
 * {@code "key": value}, {@code {}} and {@code []} when empty, no newline at the end; strings escaped as Go's encoder
 * escapes them ({@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \u003c}..., hex in lower case).
 */
public final class GoIndent {
    private GoIndent() {
    }

    public static ObjectWriter writer(ObjectMapper json) {
        DefaultIndenter tab = new DefaultIndenter("\t", "\n");
        Separators sep = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator("");
        return json.writer(new DefaultPrettyPrinter(sep).withObjectIndenter(tab).withArrayIndenter(tab))
                .with(GO_ESCAPES).without(JsonWriteFeature.WRITE_HEX_UPPER_CASE);
    }

    /** Go's HTML-safe escapes on top of JSON's own. */
    private static final CharacterEscapes GO_ESCAPES = new CharacterEscapes() {
        private final int[] table = standardAsciiEscapesForJSON();

        {
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch == 0x2028 ? new com.fasterxml.jackson.core.io.SerializedString("\\u2028")
                    : ch == 0x2029 ? new com.fasterxml.jackson.core.io.SerializedString("\\u2029") : null;
        }
    };
}
