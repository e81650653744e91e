package dev.jdock.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class FormEncodeTest {
    @Test
    void matchesUrlEncoder() {
        for (String s : new String[] {"", "abc", "a b", "{\"label\":{\"a=b\":true}}", "é/ü?&=+%", "x*y.z-_~", "日本"}) {
            StringBuilder sb = new StringBuilder();
            HttpRequest.formEncode(sb, s);
            assertEquals(URLEncoder.encode(s, StandardCharsets.UTF_8), sb.toString(), s);
        }
    }

    @Test
    void targetEncodesQuery() {
        assertEquals("/containers/json?all=1&filters=%7B%22a%22%3A1%7D",
                HttpRequest.get("/containers/json").flag("all", true).query("filters", "{\"a\":1}").target());
    }
}
