package dev.jdock.daemon.cri;

/**
 * One of the conditions a CRI {@code Status} reports (RuntimeReady, NetworkReady): whether it holds and, when not,
 * a CamelCase reason and a message for a person, as the kubelet logs them.
 */
record Readiness(boolean ready, String reason, String message) {
    static final Readiness READY = new Readiness(true, "", "");

    static Readiness notReady(String reason, String message) {
        return new Readiness(false, reason, message);
    }
}
