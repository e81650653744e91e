package dev.jdock.cli.core;

import dev.jdock.api.value.GoTimestamp;
import java.time.Instant;
import java.time.ZoneId;

/**
 * The docker CLI's {@code --since}/{@code --until} values, turned into what the API takes as docker's GetTimestamp
 * turns them ({@link GoTimestamp#get}, in this machine's zone). What it refuses is refused as docker refuses it,
 * exit 1.
 */
public final class TimeArgs {
    private TimeArgs() {
    }

    /** Null stays null; anything unparsable is a CLI error as docker reports it. */
    public static String toApi(String value, long nowMillis) {
        if (value == null || value.isEmpty()) {
            return value;
        }
        try {
            return GoTimestamp.get(value, Instant.ofEpochMilli(nowMillis), ZoneId.systemDefault());
        } catch (IllegalArgumentException e) {
            throw new CliException(1, e.getMessage());
        }
    }
}
