package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.network.GatewayChoice.Candidate;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** moby 28's gateway order: the highest GwPriority, then the network name; internal networks give none. */
class GatewayChoiceTest {
    @Test
    void choose_samePriority_theNameThatSortsFirst() {
        assertEquals(Optional.of("alpha"), GatewayChoice.choose(List.of(new Candidate("zeta", false, 0),
                new Candidate("alpha", false, 0), new Candidate("bridge", false, 0))), "not the connection order");
    }

    @Test
    void choose_highestPriorityWins_negativeLoses() {
        assertEquals(Optional.of("zeta"), GatewayChoice.choose(List.of(new Candidate("alpha", false, 0),
                new Candidate("zeta", false, 10))));
        assertEquals(Optional.of("zeta"), GatewayChoice.choose(List.of(new Candidate("alpha", false, -1),
                new Candidate("zeta", false, 0))));
        assertEquals(Optional.of("b"), GatewayChoice.choose(List.of(new Candidate("a", false, Long.MIN_VALUE),
                new Candidate("b", false, Long.MAX_VALUE))));
    }

    @Test
    void choose_internalNetworksNever() {
        assertEquals(Optional.of("z"), GatewayChoice.choose(List.of(new Candidate("a", true, 100),
                new Candidate("z", false, 0))));
        assertEquals(Optional.empty(), GatewayChoice.choose(List.of(new Candidate("a", true, 0))));
        assertEquals(Optional.empty(), GatewayChoice.choose(List.of()));
    }
}
