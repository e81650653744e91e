package dev.jdock.api.types.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.types.Golden;
import dev.jdock.api.types.common.IdResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The small container replies: update, prune, commit, top, changes. */
class ContainerRepliesGoldenTest {
    @Test
    void update_warningsNullOrListed_asDockerd() {
        assertNull(Golden.assertRoundTrip("container-update.json", ContainerUpdateResponse.class).warnings());
        assertEquals(Golden.load("container-update.json"), Golden.write(ContainerUpdateResponse.of(List.of())));
        String warn = "Specifying a kernel memory limit is deprecated and will be removed in a future release.";
        assertEquals(Golden.load("container-update-warn.json"), Golden.write(ContainerUpdateResponse.of(
                List.of(warn))));
    }

    @Test
    void prune_idsOrNull_asDockerd() {
        ContainerPruneResponse p = Golden.assertRoundTrip("container-prune.json", ContainerPruneResponse.class);
        assertEquals(230, p.spaceReclaimed());
        assertEquals(Golden.load("container-prune.json"), Golden.write(ContainerPruneResponse.of(
                List.of("1".repeat(64), "2".repeat(64)), 230)));
        assertEquals(Golden.load("container-prune-none.json"), Golden.write(ContainerPruneResponse.of(List.of(), 0)));
    }

    @Test
    void commit_replyIsTheImageId() {
        assertEquals(Golden.load("container-commit.json"),
                Golden.write(new IdResponse("sha256:" + "4".repeat(64))));
    }

    @Test
    void top_titlesThenProcessesAsJdockd() {
        ContainerTopResponse t = Golden.assertRoundTrip("container-top.json", ContainerTopResponse.class);
        assertEquals("PID", t.titles().get(1));
        assertEquals("sleep 1000", t.processes().get(0).get(7));
    }

    @Test
    void changes_pathAndKind_asDockerd() {
        List<FilesystemChange> c = Golden.assertRoundTrip("container-changes.json",
                new TypeReference<List<FilesystemChange>>() { });
        assertEquals(new FilesystemChange("/etc/x", FilesystemChange.ADDED), c.get(2));
        assertEquals(FilesystemChange.MODIFIED, c.get(0).kind());
    }
}
