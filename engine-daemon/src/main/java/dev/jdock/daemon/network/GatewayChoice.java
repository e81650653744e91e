package dev.jdock.daemon.network;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Which of a container's networks gives it its default gateway, as moby 28 (libnetwork's ordering of a sandbox's
 * endpoints, API 1.48 {@code GwPriority}): the highest {@code GwPriority} first, then, at equal priority, the
 * network whose name sorts first. An internal network has no gateway and never gives the default route. Pure.
 */
final class GatewayChoice {
    /** One network a container is attached to (its endpoint active). */
    record Candidate(String network, boolean internal, long priority) {
    }

    private static final Comparator<Candidate> ORDER = Comparator.comparingLong(Candidate::priority).reversed()
            .thenComparing(Candidate::network);

    private GatewayChoice() {
    }

    /** The network giving the default gateway; empty when none can (all internal, or none at all). */
    static Optional<String> choose(List<Candidate> candidates) {
        return candidates.stream().filter(c -> !c.internal()).min(ORDER).map(Candidate::network);
    }
}
