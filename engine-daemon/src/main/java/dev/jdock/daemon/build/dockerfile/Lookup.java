package dev.jdock.daemon.build.dockerfile;

import java.util.Map;

/** The variables a word is expanded with: the stage's ENV plus the build args it declared. */
@FunctionalInterface
public interface Lookup {
    /** The value of {@code name}, or null when it is not set (an empty string is a set, empty value). */
    String get(String name);

    /**
     * Called with the length of every value an expansion substitutes (used or not: {@code ${A:-$B}} pays for
     * {@code $B} too), before it is copied; may throw to stop a build whose words grow without bound. Nothing by
     * default.
     */
    default void charge(int length) {
    }

    static Lookup of(Map<String, String> vars) {
        return vars::get;
    }

    static Lookup empty() {
        return name -> null;
    }
}
