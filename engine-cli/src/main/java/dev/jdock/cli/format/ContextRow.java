package dev.jdock.cli.format;

import java.util.Map;
import java.util.TreeMap;

/**
 * A row of one of the docker CLI's formatter contexts inside a larger value ({@code system df -v}'s lists): its keys
 * sorted and its {@code json} HTML-escaped wherever it is written, as the context's MarshalJSON does.
 */
public final class ContextRow extends TreeMap<String, Object> {
    public ContextRow(Map<String, Object> row) {
        super(row);
    }
}
