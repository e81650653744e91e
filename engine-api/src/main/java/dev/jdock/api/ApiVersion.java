package dev.jdock.api;

/**
 * A Docker Engine API version such as {@code 1.47}. The daemon serves {@link #MIN} … {@link #MAX}.
 */
public record ApiVersion(int major, int minor) implements Comparable<ApiVersion> {
    /** Oldest API version served. */
    public static final ApiVersion MIN = new ApiVersion(1, 24);
    /** Newest API version served and spoken by the jdock client: the single place to bump it. */
    public static final ApiVersion MAX = new ApiVersion(1, 48);

    public ApiVersion {
        if (major < 0 || minor < 0) {
            throw new IllegalArgumentException("negative API version " + major + "." + minor);
        }
    }

    /** Parses {@code "1.47"} (a leading {@code v} is accepted). */
    public static ApiVersion parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("API version is null");
        }
        String s = text.startsWith("v") ? text.substring(1) : text;
        int dot = s.indexOf('.');
        if (dot <= 0 || dot == s.length() - 1) {
            throw new IllegalArgumentException("invalid API version: " + text);
        }
        try {
            return new ApiVersion(Integer.parseInt(s.substring(0, dot)), Integer.parseInt(s.substring(dot + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid API version: " + text, e);
        }
    }

    @Override
    public int compareTo(ApiVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    public boolean atLeast(ApiVersion other) {
        return compareTo(other) >= 0;
    }

    public boolean atLeast(String other) {
        return atLeast(parse(other));
    }

    /** The smaller of the two versions. */
    public static ApiVersion min(ApiVersion a, ApiVersion b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** True when {@link #MIN} ≤ this ≤ {@link #MAX}. */
    public boolean supported() {
        return atLeast(MIN) && MAX.atLeast(this);
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
