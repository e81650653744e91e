package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.NetworkSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class InspectVersionsTest {
    private static final String ID = "0123456789ab" + "c".repeat(52);

    private static ContainerInspect inspect() {
        Map<String, EndpointSettings> nets = new LinkedHashMap<>();
        nets.put("bridge", EndpointSettings.builder().build());
        nets.put("mynet", EndpointSettings.builder().aliases(List.of("web")).build());
        return ContainerInspect.builder().id(ID).config(ContainerConfig.builder().hostname("0123456789ab").build())
                .networkSettings(NetworkSettings.builder().networks(nets).build()).build();
    }

    @Test
    void below145_userNetworkAliases_getShortIdAndHostname() {
        ContainerInspect out = InspectVersions.forVersion(inspect(), new ApiVersion(1, 44));
        assertEquals(List.of("web", "0123456789ab"), out.networkSettings().networks().get("mynet").aliases());
        assertEquals(null, out.networkSettings().networks().get("bridge").aliases());
    }

    @Test
    void from145_unchanged() {
        ContainerInspect in = inspect();
        assertSame(in, InspectVersions.forVersion(in, new ApiVersion(1, 45)));
    }
}
