package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.MountPoint;
import dev.jdock.api.types.container.Port;
import dev.jdock.api.value.GoQuote;
import dev.jdock.api.value.NatPorts;
import dev.jdock.daemon.api.FilterRegex;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The filters of {@code GET /containers/json}, as moby's daemon/list.go: id (prefix), name (Go regexp on "/name" or
 * "name", {@link FilterRegex}),
 * label, status, exited, ancestor (the image's ID, resolved from a name or ID), before, since, health, is-task, and
 * on the summary volume (name or destination), network (name or ID), publish and expose ({@code 80}, {@code 80/udp},
 * {@code 8000-8080/tcp}). Image ancestry (children of the ancestor) is not followed: jdock images record no parent.
 * isolation is accepted and matches every container, as moby on Linux.
 */
final class ContainerFilter {
    private static final Set<String> STATUSES = Set.of("created", "restarting", "running", "removing", "paused",
            "exited", "dead");
    private static final Set<String> HEALTH = Set.of("starting", "healthy", "unhealthy", "none");

    private final Filters f;
    private final FilterRegex names;
    private final Optional<Container> before;
    private final Optional<Container> since;
    private final Set<String> ancestorIds = new HashSet<>();
    private final List<PortSpec> publish;
    private final List<PortSpec> expose;

    ContainerFilter(Filters f, ContainerStore store) {
        this(f, store, ref -> Optional.empty());
    }

    /** @param imageIdOf resolves an image reference or ID to its full ID (empty when unknown) */
    ContainerFilter(Filters f, ContainerStore store, Function<String, Optional<String>> imageIdOf) {
        this.f = f;
        this.names = FilterRegex.of(f, "name");
        for (String s : f.values("status")) {
            if (!STATUSES.contains(s)) {
                throw EngineException.invalid("invalid filter 'status=" + s + "'");
            }
        }
        for (String h : f.values("health")) {
            if (!HEALTH.contains(h)) {
                throw EngineException.invalid("Unrecognised filter value for health: " + h);
            }
        }
        for (String e : f.values("exited")) {
            atoi(e);
        }
        this.publish = f.values("publish").stream().map(v -> portFilter("publish", v)).toList();
        this.expose = f.values("expose").stream().map(v -> portFilter("expose", v)).toList();
        // moby resolves every value (one unknown fails the list) and keeps one: the last its map walk met
        this.before = f.values("before").stream().map(v -> idOrName(store, v)).reduce((a, b) -> b);
        this.since = f.values("since").stream().map(v -> idOrName(store, v)).reduce((a, b) -> b);
        for (String a : f.values("ancestor")) {
            imageIdOf.apply(a).ifPresent(ancestorIds::add);
        }
    }

    /**
     * moby's idOrNameFilter: a full ID or a name (with or without its "/"), the store's exact lookup; anything else, a
     * short ID too (moby's view.Get resolves no prefix, unlike daemon.GetContainer), is the view's plain error, a 500
     * {@code no such container X}.
     */
    static Container idOrName(ContainerStore store, String value) {
        return store.findExact(value).orElseThrow(() -> EngineException.system("no such container " + value, null));
    }

    boolean matches(Container c) {
        if (f.isEmpty()) { // plain docker ps: nothing to look up for each container
            return true;
        }
        if (!f.values("id").isEmpty() && f.values("id").stream().noneMatch(p -> c.id().startsWith(p))) {
            return false;
        }
        if (!names.matches("/" + c.name()) && !names.matches(c.name())) {
            return false;
        }
        if (!f.values("status").isEmpty() && !f.values("status").contains(c.state().status().wire())) {
            return false;
        }
        if (!f.values("exited").isEmpty() && (c.state().status() != ContainerStatus.EXITED
                || !f.values("exited").contains(String.valueOf(c.state().exitCode())))) {
            return false;
        }
        for (String l : f.values("label")) {
            if (!labelMatches(c.record().config().labels(), l)) {
                return false;
            }
        }
        if (!f.values("ancestor").isEmpty() && !ancestorIds.contains(c.record().imageId())) {
            return false;
        }
        if (!f.values("health").isEmpty() && !f.values("health").contains(health(c))) {
            return false;
        }
        if (f.values("is-task").contains("true")) {
            return false;
        }
        if (before.isPresent() && c.record().created().compareTo(before.get().record().created()) >= 0) {
            return false;
        }
        return since.isEmpty() || c.record().created().compareTo(since.get().record().created()) > 0;
    }

    /** The filters that look at the listed form: volume, network, publish, expose. */
    boolean matchesSummary(ContainerSummary s) {
        if (f.isEmpty()) {
            return true;
        }
        if (!f.values("volume").isEmpty() && (s.mounts() == null || s.mounts().stream()
                .noneMatch(m -> f.values("volume").contains(m.name()) || volumeDest(m)))) {
            return false;
        }
        if (!f.values("network").isEmpty()) {
            Map<String, EndpointSettings> nets = s.networkSettings() == null
                    || s.networkSettings().networks() == null ? Map.of() : s.networkSettings().networks();
            if (nets.entrySet().stream().noneMatch(e -> f.values("network").stream().anyMatch(v ->
                    v.equals(e.getKey()) || !v.isEmpty() && e.getValue() != null
                            && e.getValue().networkId().startsWith(v)))) {
                return false;
            }
        }
        if (publish.isEmpty() && expose.isEmpty()) {
            return true;
        }
        for (Port p : s.ports() == null ? List.<Port>of() : s.ports()) {
            if (p.publicPort() != null && publish.stream().anyMatch(v -> v.matches(p.publicPort(), p.type()))) {
                return true;
            }
            if (expose.stream().anyMatch(v -> v.matches(p.privatePort(), p.type()))) {
                return true;
            }
        }
        return false;
    }

    private boolean volumeDest(MountPoint m) {
        return f.values("volume").stream().anyMatch(v -> v.equals(m.destination()));
    }

    private static String health(Container c) {
        HealthState h = c.state().health();
        return h == null || h.status() == null || h.status().isEmpty() ? "none" : h.status();
    }

    /** moby's exited filter: each value is strconv.Atoi's, else its error unwrapped (a 500). */
    private static void atoi(String v) {
        if (!v.matches("[+-]?[0-9]+")) {
            throw EngineException.system("strconv.Atoi: parsing " + GoQuote.quote(v) + ": invalid syntax", null);
        }
        try {
            Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw EngineException.system("strconv.Atoi: parsing " + GoQuote.quote(v) + ": value out of range", null);
        }
    }

    /**
     * One publish or expose value: its protocol (tcp when none is given; compared as typed, so {@code 80/TCP} matches
     * nothing, as dockerd 20.10's nat.Port keys) and its port or range.
     */
    record PortSpec(String proto, NatPorts.Range range) {
        boolean matches(int port, String type) {
            return proto.equals(type == null || type.isEmpty() ? "tcp" : type) && port >= range.start()
                    && port <= range.end();
        }
    }

    /**
     * moby's portOp: no ':' in a publish or expose value, and its port (nat.SplitProtoPort's) a port or range
     * nat.ParsePortRange takes ({@code 80}, {@code 80/udp}, {@code 8000-8080/tcp}); else its plain error (a 500).
     */
    static PortSpec portFilter(String key, String value) {
        if (value.contains(":")) {
            throw EngineException.system("filter for '" + key + "' should not contain ':': " + value, null);
        }
        NatPorts.ProtoPort pp = NatPorts.splitProtoPort(value);
        try {
            return new PortSpec(pp.proto(), NatPorts.parseRange(pp.port()));
        } catch (IllegalArgumentException e) {
            throw EngineException.system("error while looking up for " + key + " " + value + ": " + e.getMessage(),
                    null);
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
