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

    /** What docker 28.2.2 sent for these, from /tmp/rel (recorded on the wire): any source starting with '.'. */
    @Test
    void sourcesStartingWithADot_areMadeAbsolute() {
        String cwd = java.nio.file.Path.of("").toAbsolutePath().toString();
        String parent = java.nio.file.Path.of(cwd).getParent().toString();
        assertEquals(cwd, VolumeFlags.parseMount("type=bind,src=.,dst=/z").source());
        assertEquals(cwd + "/sub", VolumeFlags.parseMount("type=bind,src=./sub/../sub/,dst=/z").source());
        assertEquals(parent, VolumeFlags.parseMount("type=bind,source=..,dst=/z").source());
        assertEquals(cwd + "/.hidden", VolumeFlags.parseMount("type=bind,src=.hidden,dst=/z").source());
        assertEquals(cwd + "/v", VolumeFlags.parseMount("type=volume,src=./v,dst=/z").source());
        assertEquals("sub/x", VolumeFlags.parseMount("type=bind,src=sub/x,dst=/z").source());
        dev.jdock.cli.core.Args a = dev.jdock.cli.core.Args.parse(RunOptions.spec("create"), new String[] {
                "-v", ".hidden:/x", "-v", "..:/x", "-v", "./a/../b:/x:ro", "-v", "~/x:/x", "-v", "vol:/y", "busybox"},
                0);
        assertEquals(java.util.List.of(cwd + "/.hidden:/x", parent + ":/x", cwd + "/b:/x:ro", "~/x:/x", "vol:/y"),
                VolumeFlags.binds(a));
    }

    /** docker 28.2.2 refuses bind-recursive=readonly without bind-propagation=rprivate itself (exit 125). */
    @Test
    void bindRecursiveReadonly_needsRprivate() {
        for (String m : new String[] {"type=bind,src=/tmp,dst=/a,readonly,bind-recursive=readonly",
            "type=bind,src=/tmp,dst=/a,readonly,bind-propagation=rshared,bind-recursive=readonly"}) {
            CliException e = assertThrows(CliException.class, () -> VolumeFlags.parseMount(m));
            assertEquals("invalid argument \"" + m + "\" for \"--mount\" flag: option 'bind-recursive=readonly' "
                    + "requires 'bind-propagation=rprivate' to be specified in conjunction", e.getMessage());
            assertEquals(125, e.exitCode());
        }
        assertEquals(Boolean.TRUE, VolumeFlags.parseMount("type=bind,src=/tmp,dst=/a,readonly,bind-recursive=readonly,"
                + "bind-propagation=rprivate").bindOptions().readOnlyForceRecursive());
    }

    /** docker prints a --mount value's error as any flag error: followed by the usage lines (exit 125). */
    @Test
    void mountErrors_comeWithTheUsage() {
        dev.jdock.cli.core.Args a = dev.jdock.cli.core.Args.parse(RunOptions.spec("create"), new String[] {
                "--mount", "type=bind,src=/tmp,dst=/a,bogus=1", "busybox"}, 0);
        CliException e = assertThrows(CliException.class, () -> RunOptions.build(a, false, null, java.util.Map.of()));
        assertEquals("invalid argument \"type=bind,src=/tmp,dst=/a,bogus=1\" for \"--mount\" flag: unexpected key "
                + "'bogus' in 'bogus=1'\nSee 'jdock create --help'.", e.getMessage());
        assertEquals(125, e.exitCode());
    }
}
