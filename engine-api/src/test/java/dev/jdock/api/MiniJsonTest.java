package dev.jdock.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {
    private static Object parse(String s) throws IOException {
        return MiniJson.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void parsesValues() throws IOException {
        Object v = parse(" {\"a\": [1, -2.5e1, true, false, null, \"x\"], \"b\": {}, \"c\": [], \"big\": 12345678901234567890,"
                + " \"n\": 9007199254740993} ");
        assertEquals(List.of(1L, -25.0, true, false), ((List<?>) MiniJson.obj(Map.of("o", v), "o").get("a")).subList(0, 4));
        assertNull(MiniJson.list(v, "a").get(4));
        assertEquals("x", MiniJson.list(v, "a").get(5));
        assertEquals(Map.of(), MiniJson.obj(v, "b"));
        assertEquals(List.of(), MiniJson.list(v, "c"));
        assertEquals(1.2345678901234567e19, (Double) ((Map<?, ?>) v).get("big"));
        assertEquals(9007199254740993L, MiniJson.num(v, "n"));
    }

    @Test
    void decodesStrings() throws IOException {
        assertEquals("é日\n\"\\/\u0001 <&>", parse("\"é日\\n\\\"\\\\\\/\\u0001 \\u003c&\\u003E\""));
        assertEquals("😀", parse("\"\\ud83d\\ude00\""));
        assertEquals("😀x", parse("\"😀x\""));
    }

    @Test
    void rejectsMalformed() {
        for (String bad : new String[] {"{", "[1,]", "{\"a\" 1}", "\"abc", "tru", "[1] x", "{\"a\":1,}", "-", "\"\\x\""}) {
            assertThrows(IOException.class, () -> parse(bad), bad);
        }
    }

    @Test
    void emptyInputIsNull() throws IOException {
        assertNull(parse("  "));
    }
}
