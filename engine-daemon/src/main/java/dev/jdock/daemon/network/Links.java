package dev.jdock.daemon.network;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.errors.EngineException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Legacy links ({@code --link name:alias}, HostConfig.Links), as Docker handles them: on the default bridge the
 * linked container must exist at create and run at start, and the linking container's /etc/hosts gets
 * {@code <ip> <alias> <hostname> <name>}; on user-defined networks a link is an alias of the linked container that only
 * the linking container's embedded DNS answers. Host and container network modes refuse links.
 */
final class Links {
    /** One link: the linked container's reference and the alias it is known by in the linking container. */
    record Link(String name, String alias) {
    }

    private final NetworkService net;

    Links(NetworkService net) {
        this.net = net;
    }

    /** Docker's ParseLink: {@code name:alias} or {@code name}; leading slashes and a {@code /parent/} path dropped. */
    static List<Link> parse(HostConfig hc) {
        List<Link> out = new ArrayList<>();
        if (hc == null || hc.links() == null) {
            return out;
        }
        for (String l : hc.links()) {
            if (l == null || l.isBlank()) {
                continue;
            }
            int colon = l.indexOf(':');
            String name = strip(colon < 0 ? l : l.substring(0, colon));
            String alias = colon < 0 ? name : strip(l.substring(colon + 1));
            if (name.isEmpty() || alias.isEmpty()) {
                throw EngineException.invalid("invalid link format: " + l);
            }
            out.add(new Link(name, alias));
        }
        return out;
    }

    private static String strip(String s) {
        int slash = s.lastIndexOf('/');
        return slash >= 0 ? s.substring(slash + 1) : s;
    }

    /**
     * What moby's ParseLink refuses at create (dockerd with a 500; here a 400): an empty link, more than one ':'.
     * {@link #parse} skips or reads them as before, for records made before this check.
     */
    static void checkSyntax(HostConfig hc) {
        if (hc == null || hc.links() == null) {
            return;
        }
        for (String l : hc.links()) {
            if (l == null || l.isEmpty()) {
                throw EngineException.invalid("empty string specified for links");
            }
            if (l.indexOf(':') != l.lastIndexOf(':')) {
                throw EngineException.invalid("bad format for links: " + l);
            }
        }
    }

    /** Create-time checks (moby's registerLinks and the network-mode conflicts). */
    void validateCreate(String mode, HostConfig hc) {
        checkSyntax(hc);
        List<Link> links = parse(hc);
        if (links.isEmpty()) {
            return;
        }
        if (mode.equals("host")) {
            throw EngineException.invalid("conflicting options: host type networking can't be used with links. "
                    + "This would result in undefined behavior");
        }
        if (mode.startsWith("container:")) {
            throw EngineException.invalid("conflicting options: container type network can't be used with links. "
                    + "This would result in undefined behavior");
        }
        if (isUserDefined(mode)) {
            return;
        }
        for (Link l : links) {
            Container child = net.container(l.name()).orElseThrow(() -> EngineException.invalid(
                    "could not get container for " + l.name() + ": No such container: " + l.name()));
            if (NetworkAttachments.mode(child.record().hostConfig()).equals("host")) {
                throw EngineException.invalid("conflicting options: host type networking can't be used with links. "
                        + "This would result in undefined behavior");
            }
        }
    }

    private boolean isUserDefined(String mode) {
        return !mode.equals("bridge") && !mode.equals("none") && net.find(mode).map(n -> !n.isDefaultBridge())
                .orElse(true);
    }

    /**
     * The /etc/hosts lines for the links of a container on the default bridge. {@code strict} (at start): a linked
     * container that is gone, stopped or not on the default bridge is an error, as in Docker; otherwise it is skipped.
     */
    List<String> hostsLines(Container c, boolean strict) {
        List<String> out = new ArrayList<>();
        String mode = NetworkAttachments.mode(c.record().hostConfig());
        if (!mode.equals("bridge")) {
            return out;
        }
        for (Link l : parse(c.record().hostConfig())) {
            Optional<Container> child = net.container(l.name());
            if (child.isEmpty() || !child.get().isRunning()) {
                if (strict) {
                    throw EngineException.system("Cannot link to a non running container: /" + l.name() + " AS /"
                            + c.name() + "/" + l.alias(), null);
                }
                continue;
            }
            Optional<String> ip = defaultBridgeIp(child.get());
            if (ip.isEmpty()) {
                if (strict) {
                    throw EngineException.system("Cannot link to /" + child.get().name()
                            + ", as it does not belong to the default network", null);
                }
                continue;
            }
            StringBuilder names = new StringBuilder(l.alias()).append(' ')
                    .append(child.get().record().config().hostname());
            if (!l.alias().equals(child.get().name())) {
                names.append(' ').append(child.get().name());
            }
            out.add(ip.get() + "\t" + names);
        }
        return out;
    }

    /**
     * Inspect's HostConfig.Links as Docker builds it from its link graph: {@code /<linked name>:/<name>/<alias>} for
     * the linked containers that still exist; null when there are none, and on user-defined networks (where links
     * are DNS aliases and Docker keeps no link graph).
     */
    List<String> inspectLinks(Container c) {
        if (!NetworkAttachments.mode(c.record().hostConfig()).equals("bridge")) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (Link l : parse(c.record().hostConfig())) {
            net.container(l.name()).ifPresent(child -> out.add("/" + child.name() + ":/" + c.name() + "/"
                    + l.alias()));
        }
        return out.isEmpty() ? null : out;
    }

    /**
     * The environment variables of the links of a container on the default bridge (moby's setupLinkedContainers,
     * for a start and for each exec): {@link LinkEnv} for each linked container; one that is gone or stopped is
     * moby's error, one not on the default bridge is left to the start's check.
     */
    List<String> env(Container c) {
        List<String> out = new ArrayList<>();
        if (!NetworkAttachments.mode(c.record().hostConfig()).equals("bridge")) {
            return out;
        }
        for (Link l : parse(c.record().hostConfig())) {
            Optional<Container> child = net.container(l.name());
            if (child.isEmpty() || !child.get().isRunning()) {
                throw EngineException.system("Cannot link to a non running container: /" + l.name() + " AS /"
                        + c.name() + "/" + l.alias(), null);
            }
            Optional<String> ip = defaultBridgeIp(child.get());
            if (ip.isPresent()) {
                var cfg = child.get().record().config();
                out.addAll(LinkEnv.of("/" + c.name() + "/" + l.alias(), ip.get(), cfg.env(),
                        cfg.exposedPorts() == null ? List.of() : cfg.exposedPorts().keySet()));
            }
        }
        return out;
    }

    /**
     * The HostConfig.Links of {@code parent} without the link it knows as {@code alias} on the default bridge, or
     * empty when it has no such link (moby keeps link names only for the default bridge).
     */
    static Optional<List<String>> without(Container parent, String alias) {
        if (!NetworkAttachments.mode(parent.record().hostConfig()).equals("bridge")) {
            return Optional.empty();
        }
        List<String> kept = new ArrayList<>();
        boolean found = false;
        List<String> links = parent.record().hostConfig().links();
        for (String raw : links == null ? List.<String>of() : links) {
            List<Link> one = parse(dev.jdock.api.types.container.HostConfig.builder().links(List.of(raw)).build());
            if (!found && !one.isEmpty() && one.get(0).alias().equals(alias)) {
                found = true;
            } else {
                kept.add(raw);
            }
        }
        return found ? Optional.of(kept) : Optional.empty();
    }

    private Optional<String> defaultBridgeIp(Container child) {
        return net.store.container(child.id()).flatMap(cn -> cn.endpoints().values().stream()
                .filter(Endpoint::isActive)
                .filter(e -> net.store.network(e.networkId()).map(NetworkRecord::isDefaultBridge).orElse(false))
                .map(Endpoint::ip).findFirst());
    }

    /** The container a link alias of {@code self} names (user-defined networks), or {@code name} itself. */
    static String resolveAlias(Container self, String name) {
        for (Link l : parse(self.record().hostConfig())) {
            if (l.alias().toLowerCase(Locale.ROOT).equals(name)) {
                return l.name().toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }
}
