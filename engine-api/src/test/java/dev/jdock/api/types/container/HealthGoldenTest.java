package dev.jdock.api.types.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.Golden;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HealthGoldenTest {
    @Test
    void stateHealth_fiveProbes_asDockerd() {
        Health h = Golden.assertRoundTrip("container-health.json", Health.class);
        assertEquals("healthy", h.status());
        assertEquals(5, h.log().size());
        List<HealthcheckResult> log = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            log.add(new HealthcheckResult(String.format("2026-01-02T03:00:%02d.123456789Z", 2 * i),
                    String.format("2026-01-02T03:00:%02d.123456789Z", 2 * i + 1), 0, ""));
        }
        assertEquals(Golden.load("container-health.json"), Golden.write(new Health("healthy", 0, log)));
    }

    @Test
    void stateWithoutHealth_leavesItOut() {
        String s = Golden.write(ContainerState.builder().status("running").build());
        assertEquals(false, s.contains("Health"), s);
        String with = Golden.write(ContainerState.builder().status("running")
                .health(new Health("starting", 0, List.of())).build());
        assertEquals(true, with.endsWith(",\"Health\":{\"Status\":\"starting\",\"FailingStreak\":0,\"Log\":[]}}\n"),
                with);
    }
}
