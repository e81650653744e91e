package dev.jdock.cli.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

/** config.json as docker 28.2.2 wrote it after login and after logout (the bytes, recorded). */
class GoIndentTest {
    @Test
    void asTheDockerCliWritesConfigJson() throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode root = json.createObjectNode();
        root.putObject("auths").putObject("localhost:5055").put("auth", "dXNlcjpwdw==");
        assertEquals("{\n\t\"auths\": {\n\t\t\"localhost:5055\": {\n\t\t\t\"auth\": \"dXNlcjpwdw==\"\n\t\t}\n\t}\n}",
                GoIndent.writer(json).writeValueAsString(root));
        ((ObjectNode) root.get("auths")).remove("localhost:5055");
        assertEquals("{\n\t\"auths\": {}\n}", GoIndent.writer(json).writeValueAsString(root));
        assertEquals("{\n\t\"a\": [],\n\t\"b\": [\n\t\t1\n\t]\n}",
                GoIndent.writer(json).writeValueAsString(json.readTree("{\"a\":[],\"b\":[1]}")));
    }

    /** Go's encoder escapes <, > and & (and U+2028/U+2029), hex in lower case: docker wrote "x\u003cy\u0026z\u003e". */
    @Test
    void stringsEscapedAsGo() throws Exception {
        ObjectMapper json = new ObjectMapper();
        assertEquals("{\n\t\"psFormat\": \"x\\u003cy\\u0026z\\u003e \\u2028\\u2029 \\u0001\\n\\\"é\"\n}",
                GoIndent.writer(json).writeValueAsString(json.createObjectNode()
                        .put("psFormat", "x<y&z> \u2028\u2029 \u0001\n\"é")));
    }
}
