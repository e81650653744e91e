package dev.jdock.cli.core;

import com.fasterxml.jackson.core.util.DefaultIndenter;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.core.util.Separators;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

/**
 * Go's {@code json.MarshalIndent(v, "", "\t")}, as the docker CLI writes config.json: a tab per level,
 * {@code "key": value}, {@code {}} and {@code []} when empty, no newline at the end.
 */
public final class GoIndent {
    private GoIndent() {
    }

    public static ObjectWriter writer(ObjectMapper json) {
        DefaultIndenter tab = new DefaultIndenter("\t", "\n");
        Separators sep = Separators.createDefaultInstance()
                .withObjectFieldValueSpacing(Separators.Spacing.AFTER)
                .withObjectEmptySeparator("").withArrayEmptySeparator("");
        return json.writer(new DefaultPrettyPrinter(sep).withObjectIndenter(tab).withArrayIndenter(tab));
    }
}
