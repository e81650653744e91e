package dev.jdock.daemon.build.dockerfile;

/** One ENV or LABEL pair, raw until expanded. */
public record KeyValue(String key, String value) {
}
