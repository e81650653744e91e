package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import org.junit.jupiter.api.Test;

/** {@code POST /containers/create?platform=} against the image's own platform, as moby's GetImage answers it. */
class ImagePlatformsTest {
    private static final String[] AMD64 = {"linux", "amd64", null};
    private static final String[] ARM_V7 = {"linux", "arm", "v7"};

    @Test
    void matchingPlatform_orNone_passes() {
        ImagePlatforms.check("busybox", null, AMD64);
        ImagePlatforms.check("busybox", "", AMD64);
        ImagePlatforms.check("busybox", "linux/amd64", AMD64);
        ImagePlatforms.check("busybox", "LINUX/x86_64", AMD64);
        ImagePlatforms.check("busybox", "linux/amd64/v2", AMD64);
        ImagePlatforms.check("busybox", "linux/arm", ARM_V7);
        ImagePlatforms.check("busybox", "linux/arm/v7", ARM_V7);
        ImagePlatforms.check("busybox", "linux/arm64", null);
    }

    @Test
    void otherPlatform_isNotFound_inMobysWords() {
        EngineException e = assertThrows(EngineException.class,
                () -> ImagePlatforms.check("busybox", "linux/arm64", AMD64));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertEquals("image with reference busybox was found but does not match the specified platform: wanted "
                + "linux/arm64, actual: linux/amd64", e.getMessage());
        assertEquals("image with reference alpine:3 was found but does not match the specified platform: wanted "
                + "windows/amd64, actual: linux/amd64",
                assertThrows(EngineException.class, () -> ImagePlatforms.check("alpine:3", "windows/amd64", AMD64))
                        .getMessage());
        assertEquals("image with reference x was found but does not match the specified platform: wanted "
                + "linux/arm/v6, actual: linux/arm/v7",
                assertThrows(EngineException.class, () -> ImagePlatforms.check("x", "linux/arm/v6", ARM_V7))
                        .getMessage());
    }
}
