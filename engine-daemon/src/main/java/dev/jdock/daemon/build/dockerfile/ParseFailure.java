package dev.jdock.daemon.build.dockerfile;

/**
 * A parse error without its line yet: thrown inside the package, turned into the one
 * {@code EngineException} (invalid parameter, {@code dockerfile parse error line N: ...}) where the line is known.
 */
final class ParseFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ParseFailure(String message) {
        super(message, null, false, false);
    }
}
