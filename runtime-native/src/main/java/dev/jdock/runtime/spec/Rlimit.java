package dev.jdock.runtime.spec;

import java.util.Set;

/** One setrlimit call; -1 means unlimited (RLIM_INFINITY). */
public record Rlimit(String type, long soft, long hard) {

    public static final long UNLIMITED = -1L;

    static final Set<String> TYPES = Set.of("RLIMIT_CPU", "RLIMIT_FSIZE", "RLIMIT_DATA", "RLIMIT_STACK",
            "RLIMIT_CORE", "RLIMIT_RSS", "RLIMIT_NPROC", "RLIMIT_NOFILE", "RLIMIT_MEMLOCK", "RLIMIT_AS",
            "RLIMIT_LOCKS", "RLIMIT_SIGPENDING", "RLIMIT_MSGQUEUE", "RLIMIT_NICE", "RLIMIT_RTPRIO", "RLIMIT_RTTIME");

    public Rlimit {
        if (!TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown rlimit " + type);
        }
        if (Long.compareUnsigned(soft, hard) > 0) {
            throw new IllegalArgumentException(type + ": soft limit above the hard limit");
        }
    }
}
