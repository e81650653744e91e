package dev.jdock.daemon.build.dockerfile;

import java.util.Map;

/** The variables a word is expanded with: the stage's ENV plus the build args it declared. */
@FunctionalInterface
public interface Lookup {
    /** The value of {@code name}, or null when it is not set (an empty string is a set, empty value). */
    String get(String name);

    static Lookup of(Map<String, String> vars) {
        return vars::get;
    }

    static Lookup empty() {
        return name -> null;
    }
}
