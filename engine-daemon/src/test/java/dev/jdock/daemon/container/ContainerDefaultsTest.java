package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.container.Ulimit;
import java.util.List;
import org.junit.jupiter.api.Test;

class ContainerDefaultsTest {
    @Test
    void theContainersUlimitsWin_theDaemonsFillTheRest() {
        List<Ulimit> own = List.of(new Ulimit("nofile", 10, 20));
        List<Ulimit> daemon = List.of(new Ulimit("nofile", 1000, 2000), new Ulimit("nproc", 50, 60));
        assertEquals(List.of(new Ulimit("nofile", 10, 20), new Ulimit("nproc", 50, 60)),
                SpecFactory.withDefaults(own, daemon));
        assertEquals(daemon, SpecFactory.withDefaults(List.of(), daemon));
        assertEquals(own, SpecFactory.withDefaults(own, List.of()));
    }
}
