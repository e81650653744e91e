package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.api.Json;
import dev.jdock.api.client.CreateBody;
import dev.jdock.cli.Recorded;
import dev.jdock.cli.core.Args;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * jdock's create body against the one docker 28.2.2 sent for the same command line (recorded/create-bodies.jsonl,
 * see the README there): every run/create flag docker maps into the body, field for field.
 */
class CreateBodyParityTest {
    @TempDir
    Path dir;

    @Test
    void createBody_isWhatTheDockerCliSent() throws IOException {
        Path labels = dir.resolve("labels.txt");
        try (InputStream in = getClass().getResourceAsStream("/recorded/labels.txt")) {
            Files.write(labels, in.readAllBytes());
        }
        List<List<?>> cases = Recorded.cases("create-bodies.jsonl");
        assertTrue(cases.size() >= 15, "cases: " + cases.size());
        for (List<?> c : cases) {
            List<String> args = new ArrayList<>();
            for (Object o : (List<?>) c.get(0)) {
                args.add(o.equals("@labels") ? labels.toString() : (String) o);
            }
            boolean run = args.get(0).equals("run");
            Args a = Args.parse(RunOptions.spec(args.get(0)), args.subList(1, args.size()).toArray(String[]::new), 0);
            JsonNode mine = Json.mapper().readTree(CreateBody.toJson(RunOptions.build(a, run, null, Map.of())));
            JsonNode docker = Json.mapper().valueToTree(c.get(2));
            assertEquals(Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(sorted(docker)),
                    Json.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(sorted(mine)), "" + args);
        }
    }

    /** The tree with every object's keys sorted, for a readable diff. */
    private static JsonNode sorted(JsonNode n) {
        if (n.isObject()) {
            ObjectNode o = Json.mapper().createObjectNode();
            List<String> names = new ArrayList<>();
            n.fieldNames().forEachRemaining(names::add);
            names.stream().sorted().forEach(k -> o.set(k, sorted(n.get(k))));
            return o;
        }
        if (n.isArray()) {
            com.fasterxml.jackson.databind.node.ArrayNode arr = Json.mapper().createArrayNode();
            n.forEach(e -> arr.add(sorted(e)));
            return arr;
        }
        return n;
    }
}
