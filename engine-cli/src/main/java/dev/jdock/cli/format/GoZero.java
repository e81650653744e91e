package dev.jdock.cli.format;

/**
 * A field of the Go struct docker's {@code inspect} renders first (its typed pass) that the daemon's JSON leaves out
 * ({@code omitempty}): the field's zero value as a template sees it. A nil pointer prints {@code <nil>}, a nil map
 * {@code map[]}, a nil slice {@code []}; each is false, of length 0, ranges over nothing and is {@code null} to
 * {@code json} ({@link GoFields} leaves it out of the object around it). Following a field through one is docker's
 * raw-map fallback error ({@code map has no entry for key "X"}).
 */
public enum GoZero {
    NIL("<nil>"), MAP("map[]"), SLICE("[]");

    private final String printed;

    GoZero(String printed) {
        this.printed = printed;
    }

    @Override
    public String toString() {
        return printed;
    }
}
