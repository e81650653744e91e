package dev.jdock.daemon.build;

import dev.jdock.daemon.build.dockerfile.Lookup;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The build args of one build: the client's {@code buildargs} (a null value: the client had none to send), the
 * global ARGs before the first FROM, and the values jdockd predefines (the target and build platform, as BuildKit
 * does). An ARG takes, in order, the client's value, its own default, a global ARG's value. The proxy args are
 * predefined as in moby: a RUN sees them without an ARG, and they stay out of the history. Names the client sent
 * that no ARG declared are reported at the end, as moby warns.
 *
 * <p>The build's expansions are bounded here too: all the values its words substitute, in every stage, come to at
 * most {@link #MAX_SUBSTITUTED} characters ({@link #bounded}), so that a few lines that each repeat the last
 * value ({@code ENV A=$A$A}) cannot fill the daemon's heap.
 */
final class BuildArgs {
    static final Set<String> PROXY = Set.of("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy", "FTP_PROXY",
            "ftp_proxy", "NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy");

    private final Map<String, String> client;
    private final Map<String, String> predefined;
    private final Map<String, String> global = new LinkedHashMap<>();
    private final Set<String> consumed = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final java.util.concurrent.atomic.AtomicLong substituted = new java.util.concurrent.atomic.AtomicLong();

    /** The characters all the expansions of one build may substitute (moby has no limit). */
    static final long MAX_SUBSTITUTED = 16 << 20;

    BuildArgs(Map<String, String> client, String os, String arch) {
        this.client = client;
        this.predefined = Map.of("TARGETPLATFORM", os + "/" + arch, "TARGETOS", os, "TARGETARCH", arch,
                "TARGETVARIANT", "", "BUILDPLATFORM", os + "/" + arch, "BUILDOS", os, "BUILDARCH", arch,
                "BUILDVARIANT", "");
    }

    /** A global ARG (before the first FROM): in scope for FROM lines, and the default of a stage ARG of its name. */
    void declareGlobal(String name, String defaultValue) {
        global.put(name, value(name, defaultValue));
    }

    /** The value an ARG named {@code name} gets (null: none). */
    String value(String name, String defaultValue) {
        consumed.add(name);
        String v = client.get(name);
        if (v != null) {
            return v;
        }
        if (defaultValue != null) {
            return defaultValue;
        }
        if (global.containsKey(name)) {
            return global.get(name);
        }
        return predefined.get(name);
    }

    /** What FROM lines and global ARGs expand with, counted against the build's bound. */
    Lookup globalLookup() {
        return bounded(this::globalLookup);
    }

    /** {@code vars} with each substitution counted against the build's bound (past it: an error). */
    Lookup bounded(Lookup vars) {
        return new Lookup() {
            @Override
            public String get(String name) {
                return vars.get(name);
            }

            @Override
            public void charge(int length) {
                if (substituted.addAndGet(length) > MAX_SUBSTITUTED) {
                    throw EngineException.invalid("the build's variable expansions substitute more than "
                            + MAX_SUBSTITUTED + " characters in all");
                }
            }
        };
    }

    /** What FROM lines expand with: the global ARGs and the predefined platform values. */
    String globalLookup(String name) {
        if (global.containsKey(name)) {
            return global.get(name);
        }
        return predefined.get(name);
    }

    /** The proxy values the client sent: a RUN's environment, not its history. */
    List<String> proxyEnv() {
        List<String> out = new ArrayList<>();
        for (String p : new TreeSet<>(PROXY)) {
            String v = client.get(p);
            if (v != null) {
                out.add(p + "=" + v);
            }
        }
        return out;
    }

    /** Client args that no ARG declared (nor predefined), sorted, for moby's warning. */
    List<String> unconsumed() {
        List<String> out = new ArrayList<>();
        for (String name : new TreeSet<>(client.keySet())) {
            if (!consumed.contains(name) && !PROXY.contains(name)) {
                out.add(name);
            }
        }
        return out;
    }
}
