package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Mount;
import java.util.List;
import org.junit.jupiter.api.Test;

class CreateVersionGatesTest {
    private static ContainerCreateRequest withMounts(boolean autoRemove, Mount... mounts) {
        return ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().autoRemove(autoRemove).mounts(List.of(mounts)).build()).build();
    }

    private static final Mount RO = new Mount("bind", "/s", "/d", true, null,
            new Mount.BindOptions("rslave", null, null, null, null), null, null);
    private static final Mount RW = new Mount("bind", "/s", "/e", false, null, null, null, null);
    private static final Mount VOLUME = new Mount("volume", "v", "/v", true, null, null, null, null);

    /** "ReadOnlyNonRecursive ... will default to true for clients on versions prior to v1.44" (the API's spec). */
    @Test
    void before1_44_aReadOnlyBindIsReadOnlyAtItsTopOnly() {
        ContainerCreateRequest old = CreateVersionGates.apply(withMounts(true, RO, RW, VOLUME),
                ApiVersion.parse("1.43"));
        List<Mount> m = old.hostConfig().mounts();
        assertEquals(Boolean.TRUE, m.get(0).bindOptions().readOnlyNonRecursive());
        assertEquals("rslave", m.get(0).bindOptions().propagation(), "the other options kept");
        assertSame(RW, m.get(1));
        assertSame(VOLUME, m.get(2));
        assertFalse(CreateVersionGates.apply(withMounts(true, RO), ApiVersion.parse("1.24")).hostConfig()
                .autoRemove(), "the older gates still apply");

        ContainerCreateRequest now = withMounts(false, RO);
        assertSame(now, CreateVersionGates.apply(now, ApiVersion.parse("1.44")));
        assertNull(CreateVersionGates.apply(now, ApiVersion.parse("1.47")).hostConfig().mounts().get(0)
                .bindOptions().readOnlyNonRecursive());
    }

    /** moby 28's gate: a client below API 1.48 cannot ask for an image mount. */
    @Test
    void below1_48_anImageMountIsRefused() {
        Mount image = new Mount("image", "busybox", "/img", null, null, null, null, null,
                new Mount.ImageOptions("bin"));
        ContainerCreateRequest req = withMounts(false, image);
        assertEquals("Mount type \"Image\" needs API v1.48 or newer", org.junit.jupiter.api.Assertions.assertThrows(
                dev.jdock.daemon.errors.EngineException.class,
                () -> CreateVersionGates.apply(req, ApiVersion.parse("1.47"))).getMessage());
        assertSame(req, CreateVersionGates.apply(req, ApiVersion.parse("1.48")));
    }

    /** moby 28's handleVolumeDriverBC: from 1.48 the daemon warns of a VolumeDriver a Mounts volume ignores. */
    @Test
    void from1_48_aVolumeDriverWithMountsVolumes_isWarnedOf() {
        HostConfig hc = HostConfig.builder().volumeDriver("local").mounts(List.of(VOLUME)).build();
        assertEquals("WARNING: the container-wide volume-driver configuration is ignored for volumes specified via "
                + "'mount'. Use '--mount type=volume,volume-driver=...' instead",
                CreateVersionGates.volumeDriverWarning(hc, ApiVersion.parse("1.48")).orElseThrow());
        assertFalse(CreateVersionGates.volumeDriverWarning(hc, ApiVersion.parse("1.47")).isPresent());
        HostConfig own = HostConfig.builder().volumeDriver("local").mounts(List.of(new Mount("volume", "v", "/v",
                null, null, null, new Mount.VolumeOptions(null, null, new Mount.Driver("local", null), null), null)))
                .build();
        assertFalse(CreateVersionGates.volumeDriverWarning(own, ApiVersion.parse("1.48")).isPresent());
        assertFalse(CreateVersionGates.volumeDriverWarning(HostConfig.builder().mounts(List.of(VOLUME)).build(),
                ApiVersion.parse("1.48")).isPresent());
    }

    /** moby's router zeroes an endpoint's GwPriority for clients below API 1.48. */
    @Test
    void below1_48_gwPriorityIsIgnored() {
        dev.jdock.api.types.container.EndpointSettings ep = dev.jdock.api.types.container.EndpointSettings.builder()
                .gwPriority(7).build();
        ContainerCreateRequest base = withMounts(false);
        ContainerCreateRequest req = ContainerCreateRequest.of(base.toConfig(), base.hostConfig(),
                new dev.jdock.api.types.container.NetworkingConfig(java.util.Map.of("n", ep)));
        assertEquals(0, CreateVersionGates.apply(req, ApiVersion.parse("1.47")).networkingConfig().endpointsConfig()
                .get("n").gwPriority());
        assertSame(req, CreateVersionGates.apply(req, ApiVersion.parse("1.48")));
    }
}
