package dev.jdock.cli.format;

/**
 * A Go {@code time.Time} field of a typed value (a network's {@code Created}): a template prints it as Go's
 * {@code Time.String()} ({@code 2026-12-05 08:54:47.69392711 +0000 UTC}) and {@code json} writes RFC 3339 with
 * nanoseconds, trailing zeros dropped, as Go's {@code MarshalJSON}.
 */
public record GoTimeValue(String rfc3339) {
    @Override
    public String toString() {
        return Formats.goTimeNanos(rfc3339);
    }

    /** The JSON text: RFC 3339 in UTC as the daemon wrote it, the fraction without trailing zeros. */
    String json() {
        java.time.OffsetDateTime t = java.time.OffsetDateTime.parse(rfc3339);
        String frac = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
        String zone = t.getOffset().getTotalSeconds() == 0 ? "Z" : t.getOffset().getId();
        return t.format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss")) + frac + zone;
    }
}
