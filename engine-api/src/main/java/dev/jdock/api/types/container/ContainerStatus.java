package dev.jdock.api.types.container;

import java.util.Locale;

/** The {@code State.Status} / summary {@code State} values Docker uses, with their wire spelling. */
public enum ContainerStatus {
    CREATED, RESTARTING, RUNNING, REMOVING, PAUSED, EXITED, DEAD;

    /** The wire value, e.g. {@code "running"}. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a wire value (case-insensitive). */
    public static ContainerStatus fromWire(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
