package dev.jdock.daemon.container;

import dev.jdock.daemon.api.Filters;
import java.util.Map;
import java.util.Optional;

/** The filters of {@code GET /containers/json} that the spine supports: id, name, label, status, exited, before, since. */
final class ContainerFilter {
    private final Filters f;
    private final Optional<Container> before;
    private final Optional<Container> since;

    ContainerFilter(Filters f, ContainerStore store) {
        this.f = f;
        this.before = f.values("before").stream().findFirst().map(store::get);
        this.since = f.values("since").stream().findFirst().map(store::get);
    }

    boolean matches(Container c) {
        if (!f.values("id").isEmpty() && f.values("id").stream().noneMatch(p -> c.id().startsWith(p))) {
            return false;
        }
        if (!f.values("name").isEmpty() && f.values("name").stream().noneMatch(p -> nameMatches(c.name(), p))) {
            return false;
        }
        if (!f.values("status").isEmpty() && !f.values("status").contains(c.state().status().wire())) {
            return false;
        }
        if (!f.values("exited").isEmpty() && (c.state().status() != dev.jdock.api.types.container.ContainerStatus.EXITED
                || !f.values("exited").contains(String.valueOf(c.state().exitCode())))) {
            return false;
        }
        for (String l : f.values("label")) {
            if (!labelMatches(c.record().config().labels(), l)) {
                return false;
            }
        }
        if (before.isPresent() && c.record().created().compareTo(before.get().record().created()) >= 0) {
            return false;
        }
        return since.isEmpty() || c.record().created().compareTo(since.get().record().created()) > 0;
    }

    /** Docker matches names as a regular expression against "/name". */
    private static boolean nameMatches(String name, String pattern) {
        try {
            return java.util.regex.Pattern.compile(pattern).matcher("/" + name).find();
        } catch (java.util.regex.PatternSyntaxException e) {
            return ("/" + name).contains(pattern);
        }
    }

    static boolean labelMatches(Map<String, String> labels, String filter) {
        if (labels == null) {
            return false;
        }
        int eq = filter.indexOf('=');
        if (eq < 0) {
            return labels.containsKey(filter);
        }
        return filter.substring(eq + 1).equals(labels.get(filter.substring(0, eq)));
    }
}
