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
}
