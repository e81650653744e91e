package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.api.types.image.ImageContainerConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImageCommitterTest {
    private static final ImageContainerConfig BASE = ImageContainerConfig.of("app", List.of("PATH=/bin", "X=0"),
            List.of("sh"), null, "/w", Map.of("a", "1"), null, null, null);

    @Test
    void envReplacesByNameAndAppends() {
        ImageContainerConfig c = ImageCommitter.merge(BASE, ImageChanges.apply(List.of("ENV X=1 Y=2")));
        assertEquals(List.of("PATH=/bin", "X=1", "Y=2"), c.env());
        assertEquals(List.of("sh"), c.cmd());
        assertEquals("app", c.user());
    }

    @Test
    void labelsMergeAndScalarsReplace() {
        ImageContainerConfig c = ImageCommitter.merge(BASE,
                ImageChanges.apply(List.of("LABEL b=2", "USER root", "WORKDIR /x", "EXPOSE 80")));
        assertEquals(Map.of("a", "1", "b", "2"), c.labels());
        assertEquals("root", c.user());
        assertEquals("/x", c.workingDir());
        assertEquals(Map.of("80/tcp", Map.of()), c.exposedPorts());
    }

    @Test
    void entrypointWithoutCmdClearsCmd() {
        ImageContainerConfig c = ImageCommitter.merge(BASE, ImageChanges.apply(List.of("ENTRYPOINT [\"/app\"]")));
        assertEquals(List.of("/app"), c.entrypoint());
        assertNull(c.cmd());
        ImageContainerConfig d = ImageCommitter.merge(BASE,
                ImageChanges.apply(List.of("ENTRYPOINT [\"/app\"]", "CMD [\"-v\"]")));
        assertEquals(List.of("-v"), d.cmd());
    }

    @Test
    void noChangesKeepsTheConfig() {
        assertEquals(BASE, ImageCommitter.merge(BASE, ImageChanges.apply(List.of())));
    }
}
