package dev.jdock.daemon.metrics;

/**
 * The {@code code} label of API requests, from a fixed set: the statuses jdockd answers with, each its own; any other
 * code by its class ({@code 2xx}...), and no response at all as {@code none}. Bounds the label's values whatever a
 * handler sends.
 */
final class StatusCodes {
    private static final int[] KNOWN = {101, 200, 201, 204, 304, 400, 401, 403, 404, 409, 413, 500, 501, 503};
    private static final String[] CLASSES = {"1xx", "2xx", "3xx", "4xx", "5xx"};
    /** Every slot: the known codes, the five classes, then "none". */
    static final int SLOTS = KNOWN.length + CLASSES.length + 1;

    private StatusCodes() {
    }

    static int slot(int code) {
        for (int i = 0; i < KNOWN.length; i++) {
            if (KNOWN[i] == code) {
                return i;
            }
        }
        if (code >= 100 && code < 600) {
            return KNOWN.length + code / 100 - 1;
        }
        return SLOTS - 1;
    }

    static String label(int slot) {
        if (slot < KNOWN.length) {
            return Integer.toString(KNOWN[slot]);
        }
        return slot < SLOTS - 1 ? CLASSES[slot - KNOWN.length] : "none";
    }
}
