package dev.jdock.daemon.volume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Mount;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.daemon.errors.EngineException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MountParserTest {
    @TempDir
    Path tmp;

    private static String error(Runnable r) {
        return assertThrows(EngineException.class, r::run).getMessage();
    }

    @Test
    void namedAnonymousAndHostPathBinds() {
        MountRequest named = MountParser.parseBind("data:/var/lib/data", "");
        assertEquals("volume", named.type());
        assertEquals("data", named.source());
        assertEquals("/var/lib/data", named.destination());
        assertFalse(named.readOnly());

        MountRequest anon = MountParser.parseBind("/cache/", "");
        assertEquals("volume", anon.type());
        assertEquals("", anon.source());
        assertEquals("/cache", anon.destination());

        MountRequest host = MountParser.parseBind("/srv/www:/www:ro", "");
        assertEquals("bind", host.type());
        assertTrue(host.readOnly());
        assertTrue(host.createHostDir());
        assertEquals("ro", host.mode());
    }

    @Test
    void modesSelinuxPropagationAndNocopy() {
        assertFalse(MountParser.parseBind("/a:/b:rw", "").readOnly());
        assertEquals("rw,Z", MountParser.parseBind("/a:/b:rw,Z", "").mode());
        assertEquals("z", MountParser.parseBind("v:/b:z", "").mode());
        for (String p : new String[] {"shared", "slave", "private", "rshared", "rslave", "rprivate"}) {
            assertEquals(p, MountParser.parseBind("/a:/b:ro," + p, "").propagation());
        }
        assertTrue(MountParser.parseBind("v:/b:nocopy", "").noCopy());
        assertEquals("local", MountParser.parseBind("v:/b", "local").driver());
    }

    @Test
    void dockersErrorsForBadSpecs() {
        assertEquals("invalid mode: xyz", error(() -> MountParser.parseBind("/a:/b:xyz", "")));
        assertEquals("invalid mode: ro,rw", error(() -> MountParser.parseBind("/a:/b:ro,rw", "")));
        assertEquals("invalid volume specification: '/foo:rw'", error(() -> MountParser.parseBind("/foo:rw", "")));
        assertEquals("invalid volume specification: '/a:/b:ro:x'",
                error(() -> MountParser.parseBind("/a:/b:ro:x", "")));
        assertEquals("invalid volume specification: 'v:b': invalid mount config for type \"volume\": invalid mount "
                + "path: 'b' mount path must be absolute", error(() -> MountParser.parseBind("v:b", "")));
        assertEquals("invalid volume specification: '/a:/b:nocopy': invalid mount config for type \"bind\": field "
                + "VolumeOptions must not be specified", error(() -> MountParser.parseBind("/a:/b:nocopy", "")));
        assertEquals("invalid volume specification: 'v:/': invalid specification: destination can't be '/'",
                error(() -> MountParser.parseBind("v:/", "")));
    }

    @Test
    void mountObjects() {
        MountRequest bind = MountParser.parseMount(new Mount("bind", tmp.toString(), "/x", true, null,
                new Mount.BindOptions("rshared", true, null, null, null), null, null));
        assertEquals("bind", bind.type());
        assertTrue(bind.readOnly());
        assertTrue(bind.nonRecursive());
        assertEquals("rshared", bind.propagation());
        assertFalse(bind.createHostDir());

        MountRequest vol = MountParser.parseMount(new Mount("volume", "v", "/data", null, null, null,
                new Mount.VolumeOptions(true, Map.of("l", "1"), new Mount.Driver("local", Map.of("type", "tmpfs")),
                        null), null));
        assertTrue(vol.noCopy());
        assertEquals("local", vol.driver());
        assertEquals(Map.of("type", "tmpfs"), vol.driverOpts());
        assertEquals(Map.of("l", "1"), vol.labels());

        MountRequest t = MountParser.parseMount(new Mount("tmpfs", null, "/t", null, null, null, null,
                new Mount.TmpfsOptions(64L * 1024 * 1024, 0700, null)));
        assertEquals("size=64m,mode=700", t.tmpfsOptions());
    }

    @Test
    void mountObjectErrors() {
        assertEquals("invalid mount config for type \"bind\": bind source path does not exist: /no/such/x",
                error(() -> MountParser.parseMount(new Mount("bind", "/no/such/x", "/x", null, null, null, null,
                        null))));
        assertEquals("invalid mount config for type \"volume\": must not set ReadOnly mode when using anonymous "
                + "volumes", error(() -> MountParser.parseMount(new Mount("volume", null, "/x", true, null, null,
                        null, null))));
        assertEquals("invalid mount config for type \"tmpfs\": field Source must not be specified",
                error(() -> MountParser.parseMount(new Mount("tmpfs", "x", "/x", null, null, null, null, null))));
        assertEquals("invalid mount config for type \"bind\": invalid propagation mode: weird",
                error(() -> MountParser.parseMount(new Mount("bind", tmp.toString(), "/x", null, null,
                        new Mount.BindOptions("weird", null, null, null, null), null, null))));
        assertEquals("invalid mount config for type \"foo\": mount type unknown",
                error(() -> MountParser.parseMount(new Mount("foo", null, "/x", null, null, null, null, null))));
        assertEquals("invalid mount config for type \"volume\": field Target must not be empty",
                error(() -> MountParser.parseMount(new Mount("volume", "v", null, null, null, null, null, null))));
    }

    private static Mount bind(Path src, Boolean ro, String propagation, Boolean nonRecursive, Boolean roNonRecursive,
            Boolean roForceRecursive) {
        return new Mount("bind", src.toString(), "/x", ro, null,
                new Mount.BindOptions(propagation, nonRecursive, null, roNonRecursive, roForceRecursive), null, null);
    }

    /** API 1.44's choices for the mounts below a read-only bind, and moby's checks of them. */
    @Test
    void readOnlyRecursion_ofABind() {
        for (Mount ok : new Mount[] {bind(tmp, true, null, null, null, null), bind(tmp, true, null, null, true, null),
            bind(tmp, true, "rprivate", null, null, true)}) {
            assertTrue(MountParser.parseMount(ok).readOnly(), "accepted: " + ok);
        }
        assertEquals("", MountParser.recursiveReadOnly(bind(tmp, true, null, null, null, null).bindOptions()),
                "the default: all of it where the kernel can");
        assertEquals(MountRequest.RRO_DISABLED, MountParser.recursiveReadOnly(
                bind(tmp, true, null, null, true, null).bindOptions()));
        assertEquals(MountRequest.RRO_ENABLED, MountParser.recursiveReadOnly(
                bind(tmp, true, "rprivate", null, null, true).bindOptions()));
        assertEquals("", MountParser.recursiveReadOnly(null), "no BindOptions (-v src:dst:ro)");
        String p = "invalid mount config for type \"bind\": ";
        assertEquals(p + "option 'ReadOnlyNonRecursive' requires 'ReadOnly' to be set",
                error(() -> MountParser.parseMount(bind(tmp, false, null, null, true, null))));
        assertEquals(p + "option 'ReadOnlyForceRecursive' requires 'ReadOnly' to be set",
                error(() -> MountParser.parseMount(bind(tmp, null, null, null, null, true))));
        assertEquals(p + "option 'ReadOnlyForceRecursive' requires 'BindOptions.Propagation' to be 'rprivate'",
                error(() -> MountParser.parseMount(bind(tmp, true, "rslave", null, null, true))));
        assertEquals(p + "option 'ReadOnlyForceRecursive' conflicts with 'ReadOnlyNonRecursive'",
                error(() -> MountParser.parseMount(bind(tmp, true, null, null, true, true))));
        assertEquals(p + "option 'ReadOnlyForceRecursive' conflicts with 'NonRecursive'",
                error(() -> MountParser.parseMount(bind(tmp, true, null, true, null, true))));
    }

    @Test
    void aBindsSubmountsAreReadOnly_forAReadOnlyRecursiveBind_whereTheKernelCan() {
        ResolvedMount ro = new ResolvedMount("bind", null, "/s", "/d", null, "", false, "rprivate", false, false,
                false, false, "");
        long tryFlags = MsFlags.JD_RECURSIVE_RDONLY | MsFlags.JD_RECURSIVE_RDONLY_TRY;
        assertEquals(tryFlags, VolumeMounts.recursiveReadOnlyFlags(ro, "", true), "tried: kept where refused");
        assertEquals(0, VolumeMounts.recursiveReadOnlyFlags(ro, "", false), "an older kernel: the bind's top only");
        assertEquals(0, VolumeMounts.recursiveReadOnlyFlags(ro.withAccess(true, "rw"), "", true), "read-write");
        assertEquals(0, VolumeMounts.recursiveReadOnlyFlags(ro, MountRequest.RRO_DISABLED, true),
                "ReadOnlyNonRecursive");
        ResolvedMount plain = new ResolvedMount("bind", null, "/s", "/d", null, "", false, "rprivate", false, false,
                true, false, "");
        assertEquals(0, VolumeMounts.recursiveReadOnlyFlags(plain, "", true), "a non-recursive bind: none below");
        assertEquals(MsFlags.JD_RECURSIVE_RDONLY, VolumeMounts.recursiveReadOnlyFlags(ro, MountRequest.RRO_ENABLED,
                true), "forced: an error where the init cannot");
        assertEquals("failed to mount /d: recursive read-only mounts need Linux 5.12 or newer "
                + "(ReadOnlyForceRecursive)", error(() -> VolumeMounts.recursiveReadOnlyFlags(ro,
                        MountRequest.RRO_ENABLED, false)));
    }

    /** The choice comes from HostConfig.Mounts at each start (mounts.json does not keep it: older jdockd read it). */
    @Test
    void theChoice_isTheHostConfigMountsBindOptions() {
        HostConfig hc = HostConfig.builder().mounts(java.util.List.of(
                bind(tmp, true, null, null, true, null),
                new Mount("bind", "/s", "/f/", true, null, new Mount.BindOptions(null, null, null, null, true), null,
                        null),
                new Mount("volume", "v", "/g", true, null, null, null, null))).build();
        assertEquals(MountRequest.RRO_DISABLED, VolumeMounts.recursiveReadOnly(hc, "/x"));
        assertEquals(MountRequest.RRO_ENABLED, VolumeMounts.recursiveReadOnly(hc, "/f"), "the target cleaned");
        assertEquals("", VolumeMounts.recursiveReadOnly(hc, "/g"));
        assertEquals("", VolumeMounts.recursiveReadOnly(hc, "/from-binds"));
        assertEquals("", VolumeMounts.recursiveReadOnly(HostConfig.builder().build(), "/x"));
    }

    private static Mount image(String source, String target, Boolean ro, String subpath) {
        return new Mount("image", source, target, ro, null, null, null, null,
                subpath == null ? null : new Mount.ImageOptions(subpath));
    }

    /** moby 28: an image mount is read-only whatever ReadOnly says; its subpath is kept cleaned. */
    @Test
    void imageMount_readOnlyAlways_subpathCleaned() {
        MountRequest r = MountParser.parseMount(image("busybox:latest", "/img/", false, null));
        assertEquals("image", r.type());
        assertEquals("busybox:latest", r.source());
        assertEquals("/img", r.destination());
        assertTrue(r.readOnly());
        assertEquals("", r.subpath());
        assertEquals("usr/bin", MountParser.parseMount(image("busybox", "/img", null, "./usr//bin/")).subpath());
        assertEquals("bin", MountParser.parseMount(image("busybox", "/img", null, "usr/../bin")).subpath());
        assertEquals("", MountParser.parseMount(image("busybox", "/img", null, ".")).subpath());
    }

    /** moby's errors: filepath.IsLocal for the subpath, Source required, other types' options refused. */
    @Test
    void imageMount_refusals() {
        String bad = "invalid mount config for type \"image\": subpath must be a relative path within the volume";
        assertEquals(bad, error(() -> MountParser.parseMount(image("busybox", "/img", null, "/etc"))));
        assertEquals(bad, error(() -> MountParser.parseMount(image("busybox", "/img", null, ".."))));
        assertEquals(bad, error(() -> MountParser.parseMount(image("busybox", "/img", null, "../../etc/passwd"))));
        assertEquals(bad, error(() -> MountParser.parseMount(image("busybox", "/img", null, "a/../../b"))));
        assertEquals("invalid mount config for type \"image\": field Source must not be empty",
                error(() -> MountParser.parseMount(image("", "/img", null, null))));
        assertEquals("invalid mount config for type \"image\": field BindOptions must not be specified",
                error(() -> MountParser.parseMount(new Mount("image", "busybox", "/img", null, null,
                        new Mount.BindOptions("rprivate", null, null, null, null), null, null))));
        assertEquals("invalid mount config for type \"volume\": field ImageOptions must not be specified",
                error(() -> MountParser.parseMount(new Mount("volume", "v", "/v", null, null, null, null, null,
                        new Mount.ImageOptions("x")))));
        assertEquals("invalid specification: destination can't be '/'",
                error(() -> MountParser.parseMount(image("busybox", "/", null, null))));
    }

    private static Mount volume(String source, Boolean ro, String subpath) {
        return new Mount("volume", source, "/x", ro, null, null, new Mount.VolumeOptions(null, null, null, subpath),
                null);
    }

    /** API 1.45: a named volume's subpath, kept cleaned; "" and "." mount the volume's root. */
    @Test
    void volumeSubpath_cleaned() {
        assertEquals("a/b", MountParser.parseMount(volume("v", null, "./a//b/")).subpath());
        assertEquals("b", MountParser.parseMount(volume("v", true, "a/../b")).subpath());
        assertEquals("", MountParser.parseMount(volume("v", null, ".")).subpath());
        assertEquals("", MountParser.parseMount(volume("v", null, "")).subpath());
        assertEquals("", MountParser.parseMount(volume("v", null, null)).subpath());
        assertEquals("", MountParser.parseBind("v:/x", "").subpath(), "-v has no subpath");
    }

    /** moby's linux_parser: anonymous volumes first (before ReadOnly), then filepath.IsLocal. */
    @Test
    void volumeSubpath_refusals() {
        String bad = "invalid mount config for type \"volume\": subpath must be a relative path within the volume";
        assertEquals(bad, error(() -> MountParser.parseMount(volume("v", null, "/etc"))));
        assertEquals(bad, error(() -> MountParser.parseMount(volume("v", null, ".."))));
        assertEquals(bad, error(() -> MountParser.parseMount(volume("v", null, "../../etc"))));
        assertEquals(bad, error(() -> MountParser.parseMount(volume("v", null, "a/../../b"))));
        String anon = "invalid mount config for type \"volume\": must not set Subpath when using anonymous volumes";
        assertEquals(anon, error(() -> MountParser.parseMount(volume("", null, "a"))));
        assertEquals(anon, error(() -> MountParser.parseMount(volume("", true, "a"))), "before ReadOnly's error");
        assertEquals(anon, error(() -> MountParser.parseMount(volume("", null, "/etc"))));
    }
}
