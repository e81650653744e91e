package dev.jdock.daemon.build;

/** How build output names images and containers: Docker's 12-character short IDs. */
final class BuildIds {
    private BuildIds() {
    }

    /** {@code sha256:abcdef…} or a bare hex ID → its first 12 hex characters. */
    static String shortId(String id) {
        String hex = id.startsWith("sha256:") ? id.substring(7) : id;
        return hex.length() > 12 ? hex.substring(0, 12) : hex;
    }
}
