package dev.jdock.cli.format;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@link JsonWriter} prints what databind printed for the same JSON (the events {@code --format} output). */
class JsonWriterTest {

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"a\":null,\"b\":{\"c\":[1,2.5,-0.0,1e2,true,false,null],\"d\":{}},\"e\":[]}",
        "{\"s\":\"q\\\"b\\\\c/\\n\\r\\t\\b\\f\\u0001\\u001f\\u007f<>&\\u2028\\u00e9\\ud83d\\ude00\"}",
        "[{\"Type\":\"container\",\"time\":1700000000,\"timeNano\":1700000000123456789}]",
        "\"plain\"", "-12", "3.25", "null", "{\"k\\u0000\\\"ey\":\"\"}"})
    void write_asDatabindWritesTheSameTree(String json) throws Exception {
        Object parsed = MiniJson.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(Json.mapper().writeValueAsString(Json.mapper().readTree(json)), JsonWriter.write(parsed));
    }
}
