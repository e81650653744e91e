package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.Mount;
import dev.jdock.cli.core.CliException;
import org.junit.jupiter.api.Test;

class VolumeFlagsTest {
    /** docker 28's keys for an image mount; the subpath is sent as given (the daemon judges it). */
    @Test
    void imageMount_withItsSubpath() {
        Mount m = VolumeFlags.parseMount("type=image,source=busybox,target=/img,image-subpath=/bar");
        assertEquals(new Mount("image", "busybox", "/img", null, null, null, null, null,
                new Mount.ImageOptions("/bar")), m);
        Mount plain = VolumeFlags.parseMount("type=image,src=busybox,dst=/img,readonly");
        assertNull(plain.imageOptions());
        assertEquals(Boolean.TRUE, plain.readOnly());
    }

    @Test
    void volumeSubpath_andImageOptionsOnlyOnImages() {
        assertEquals("sub", VolumeFlags.parseMount("type=volume,src=v,dst=/v,volume-subpath=sub").volumeOptions()
                .subpath());
        assertEquals("invalid argument \"type=volume,src=v,dst=/v,image-subpath=x\" for \"--mount\" flag: cannot mix "
                + "'image-*' options with mount type 'volume'", assertThrows(CliException.class,
                () -> VolumeFlags.parseMount("type=volume,src=v,dst=/v,image-subpath=x")).getMessage());
    }
}
