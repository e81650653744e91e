package dev.jdock.daemon.build.dockerfile;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import dev.jdock.api.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The exec (JSON array) form of an instruction's arguments, decided as Docker's parser decides it. */
final class JsonArgs {
    private static final ObjectReader READER = Json.mapper().reader()
            .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonArgs() {
    }

    /**
     * The strings of a JSON array, or null when {@code rest} is not one (then it is shell form). A well-formed
     * array holding anything but strings is an error, as Docker's.
     */
    static List<String> parse(String rest) {
        String t = rest.stripLeading();
        if (!t.startsWith("[")) {
            return null;
        }
        JsonNode node;
        try {
            node = READER.readTree(t);
        } catch (IOException e) {
            return null;
        }
        if (node == null || !node.isArray()) {
            return null;
        }
        List<String> out = new ArrayList<>(node.size());
        for (JsonNode e : node) {
            if (!e.isTextual()) {
                throw new ParseFailure("when using JSON array syntax, arrays must be comprised of strings only");
            }
            out.add(e.textValue());
        }
        return List.copyOf(out);
    }
}
