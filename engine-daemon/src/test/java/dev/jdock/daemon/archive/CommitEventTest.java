package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attributes of moby's {@code commit} container event. */
class CommitEventTest {
    private static final String ID = "sha256:" + "a".repeat(64);

    @Test
    void repoAndTag_familiarReference() {
        assertEquals(Map.of("comment", "hi", "imageID", ID, "imageRef", "myimg:v1"),
                ArchiveRouter.commitAttributes("hi", ID, "docker.io/library/myimg", "v1"));
    }

    @Test
    void repoWithoutTag_asMobyDoes_noDefaultTag() {
        assertEquals("localhost:5000/x", ArchiveRouter.commitAttributes("", ID, "localhost:5000/x", "")
                .get("imageRef"));
    }

    @Test
    void noRepo_emptyRefAndComment() {
        assertEquals(Map.of("comment", "", "imageID", ID, "imageRef", ""),
                ArchiveRouter.commitAttributes(null, ID, "", ""));
    }
}
