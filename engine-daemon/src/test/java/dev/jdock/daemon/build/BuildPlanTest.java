package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.daemon.build.dockerfile.Dockerfile;
import dev.jdock.daemon.build.dockerfile.From;
import java.io.StringReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildPlanTest {
    private static BuildPlan plan(String dockerfile, String target) {
        return BuildPlan.of(Dockerfile.parse(new StringReader(dockerfile), 1 << 22), target, Map.of(), From::image);
    }

    @Test
    void stagesAreNamedByTheirFirstEarlierStage_orByIndex() {
        BuildPlan p = plan("FROM busybox AS a\nFROM busybox AS b\nFROM a AS a\nFROM busybox\nCOPY --from=1 /x /x\n",
                "");
        assertEquals(0, p.stageIndex(3, "a"), "the first stage of a name");
        assertEquals(0, p.stageIndex(3, "A"));
        assertEquals(-1, p.stageIndex(0, "a"), "only an earlier stage");
        assertEquals(1, p.stageIndex(3, "1"));
        assertEquals(-1, p.stageIndex(1, "1"));
        assertEquals(-1, p.stageIndex(3, "busybox"), "an image");
        assertArrayEquals(new boolean[] {false, true, false, true}, p.needed);
        assertArrayEquals(new boolean[] {true, false, true, false}, plan(
                "FROM busybox AS a\nFROM busybox AS b\nFROM a AS c\nFROM busybox\n", "c").needed);
    }

    @Test
    void aChainOfManyStages_isPlannedWhole() {
        // each FROM the last: a scan of the earlier stages per lookup made this quadratic (90,000 stages: 42 s)
        StringBuilder df = new StringBuilder("FROM busybox AS s0\n");
        int n = 50_000;
        for (int i = 1; i < n; i++) {
            df.append("FROM s").append(i - 1).append(" AS s").append(i).append('\n');
        }
        BuildPlan p = plan(df.toString(), "");
        assertEquals(n, p.steps);
        assertEquals(n - 2, p.stageIndex(n - 1, "s" + (n - 2)));
    }
}
