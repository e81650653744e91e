package dev.jdock.daemon.cri.cni;

/**
 * The one error type of the CNI library: a plugin's error result (its CNI {@link #code()}, {@code msg} and
 * {@code details}), a plugin that failed without one, timed out or wrote too much, or a configuration, cache or
 * namespace problem found before any plugin ran ({@link #LOCAL}). The message names the plugin and the command.
 */
public final class CniException extends RuntimeException {
    /** Not a plugin's error: found by the runtime side (configuration, cache, netns, exec). */
    public static final int LOCAL = -1;
    /** Well-known CNI codes (SPEC "Well-known Error Codes"). */
    public static final int INCOMPATIBLE_VERSION = 1;
    public static final int UNSUPPORTED_FIELD = 2;
    public static final int UNKNOWN_CONTAINER = 3;
    public static final int INVALID_ENVIRONMENT = 4;
    public static final int IO_FAILURE = 5;
    public static final int DECODING_FAILURE = 6;
    public static final int INVALID_NETWORK_CONFIG = 7;
    public static final int TRY_AGAIN_LATER = 11;

    private final int code;
    private final String details;

    public CniException(int code, String message, String details, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.details = details == null ? "" : details;
    }

    static CniException local(String message) {
        return new CniException(LOCAL, message, "", null);
    }

    static CniException local(String message, Throwable cause) {
        return new CniException(LOCAL, message + ": " + cause.getMessage(), "", cause);
    }

    /** The plugin's CNI error code, or {@link #LOCAL}. */
    public int code() {
        return code;
    }

    /** The plugin's long message ({@code details}), or its stderr when it printed no error result; may be empty. */
    public String details() {
        return details;
    }

    /** Whether the plugin asked to be retried later (code 11). */
    public boolean tryAgainLater() {
        return code == TRY_AGAIN_LATER;
    }
}
