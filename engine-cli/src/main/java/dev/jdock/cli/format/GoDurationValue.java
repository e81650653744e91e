package dev.jdock.cli.format;

import dev.jdock.api.value.GoDuration;

/**
 * A Go {@code time.Duration} field of a typed value (a healthcheck's {@code Interval}): a template prints it as Go's
 * {@code Duration.String()} ({@code 1m30s}), {@code json} writes its nanoseconds, and zero is false.
 */
public record GoDurationValue(long nanos) {
    @Override
    public String toString() {
        return GoDuration.format(nanos);
    }
}
