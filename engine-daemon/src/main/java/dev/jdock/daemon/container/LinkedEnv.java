package dev.jdock.daemon.container;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The links' variables under a container's own Env, as moby's ReplaceOrAppendEnvValues leaves them. Pure. */
final class LinkedEnv {
    private LinkedEnv() {
    }

    /** The link variables whose name {@code env} does not set (a bare {@code NAME} unsets one), then {@code env}. */
    static List<String> merge(List<String> links, List<String> env) {
        List<String> own = env == null ? List.of() : env;
        if (links.isEmpty()) {
            return own;
        }
        Set<String> names = new HashSet<>();
        for (String e : own) {
            int eq = e.indexOf('=');
            names.add(eq < 0 ? e : e.substring(0, eq));
        }
        List<String> out = new ArrayList<>();
        for (String l : links) {
            if (!names.contains(l.substring(0, l.indexOf('=')))) {
                out.add(l);
            }
        }
        out.addAll(own);
        return out;
    }
}
