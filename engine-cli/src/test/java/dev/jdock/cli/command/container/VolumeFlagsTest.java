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

    /** --mount refusals as docker 28.2.2 printed them (recorded), each before anything is sent. */
    @Test
    void refusals_asDocker() {
        for (String[] c : new String[][] {
            {"type=tmpfs,dst=/a,tmpfs-size=x", "invalid value for tmpfs-size: x"},
            {"type=volume,dst=/a,readonly=x", "invalid value for readonly: x"},
            {"type=bind", "target is required"},
            {"type=foo", "target is required"},
            {"type=volume,dst=/a,bind-recursive=readonly", "cannot mix 'bind-*' options with mount type 'volume'"},
            {"type=tmpfs,dst=/a,tmpfs-mode=9", "invalid value for tmpfs-mode: 9"},
            {"type=,dst=/a", "type is required"},
            {"type=bind,dst=/a,volume-nocopy=x", "invalid value for volume-nocopy: x"},
            {"type=Bind,src=/tmp,dst=/a,tmpfs-size=1m", "cannot mix 'tmpfs-*' options with mount type 'bind'"},
            {"dst=/a,ro=T,readonly=2", "invalid value for readonly: 2"}}) {
            CliException e = assertThrows(CliException.class, () -> VolumeFlags.parseMount(c[0]), c[0]);
            assertEquals("invalid argument \"" + c[0] + "\" for \"--mount\" flag: " + c[1], e.getMessage(), c[0]);
            assertEquals(125, e.exitCode());
        }
        Mount m = VolumeFlags.parseMount("type=Bind,src=/tmp,dst=/a,consistency=Cached,bind-propagation=RSlave,ro=T");
        assertEquals("bind", m.type());
        assertEquals("cached", m.consistency());
        assertEquals("rslave", m.bindOptions().propagation());
        assertEquals(Boolean.TRUE, m.readOnly());
        assertNull(VolumeFlags.parseMount("type=bind,src=/tmp,dst=/a,bind-recursive=enabled").bindOptions());
        assertEquals(01777, VolumeFlags.parseMount("type=tmpfs,dst=/a,tmpfs-mode=1777").tmpfsOptions().mode());
    }
}
