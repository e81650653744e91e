package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.image.HealthConfig;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.daemon.errors.EngineException;
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

    @Test
    void healthcheckChange_isACommitCommand_asMobysValidCommitCommands() {
        ImageContainerConfig c = ImageCommitter.merge(BASE,
                ImageChanges.apply(List.of("HEALTHCHECK --interval=5s --retries=2 CMD true")));
        assertEquals(new HealthConfig(List.of("CMD-SHELL", "true"), 5_000_000_000L, null, null, null, 2L),
                c.healthcheck());
        assertEquals(List.of("NONE"), ImageCommitter.merge(BASE, ImageChanges.apply(List.of("HEALTHCHECK NONE")))
                .healthcheck().test());
        EngineException e = assertThrows(EngineException.class, () -> ImageChanges.apply(List.of("ARG a=1")));
        assertEquals("arg is not a valid change command", e.getMessage());
    }

    @Test
    void bodyConfig_takesTheChanges_thenTheContainersUnsetFields_asMobysMerge() {
        ImageContainerConfig body = new ImageContainerConfig(null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, Map.of("conf", "1"), null, null);
        ImageContainerConfig container = new ImageContainerConfig("abc123", "", "app", false, false, false, null,
                false, false, false, List.of("PATH=/bin", "X=0"), List.of("sh"), null, null, "busybox", null, "/w",
                null, null, Map.of("a", "1"), null, null);
        ImageContainerConfig c = ImageCommitter.fromBody(body, container, List.of("ENV X=1"));
        assertEquals(List.of("X=1", "PATH=/bin"), c.env(), "the body's (with the changes) first");
        assertEquals(Map.of("a", "1", "conf", "1"), c.labels());
        assertEquals(List.of("sh"), c.cmd());
        assertEquals("app", c.user());
        assertEquals("/w", c.workingDir());
        assertNull(c.hostname(), "not merged: the body's");
        assertNull(c.image(), "not merged: the body's");
    }

    @Test
    void bodyWithoutAConfigField_leavesTheContainersConfig() {
        assertNull(ImageCommitter.fromBody(null, BASE, List.of("ENV X=1")));
        assertNull(ImageCommitter.fromBody(new ImageContainerConfig(null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null), BASE, List.of()));
    }
}
