package dev.jdock.api.types.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import java.util.List;
import org.junit.jupiter.api.Test;

class DistributionGoldenTest {
    private static final String DIGEST = "sha256:9314d679ed431e971a782fc4d6fc250e42e44c1e33f1ee7c7690bd2fc63c579b";

    @Test
    void inspect_imageManifest_sizeBeforeDigestAsJdockd() {
        DistributionInspect d = Golden.assertRoundTrip("distribution-inspect.json", DistributionInspect.class);
        assertEquals(734, d.descriptor().size());
        assertEquals(Golden.load("distribution-inspect.json"), Golden.write(new DistributionInspect(
                new OciDescriptor("application/vnd.docker.distribution.manifest.v2+json", 734, DIGEST),
                List.of(new OciPlatform("amd64", "linux", null, null, null)))));
    }

    @Test
    void platform_emptyOptionalFieldsLeftOut_unknownIgnored() throws Exception {
        OciPlatform p = Json.mapper().readValue("{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\","
                + "\"os.features\":[],\"rootfs\":{}}", OciPlatform.class);
        assertEquals("{\"architecture\":\"arm\",\"os\":\"linux\",\"variant\":\"v7\"}\n", Golden.write(p));
        assertEquals("{\"architecture\":\"\",\"os\":\"\"}\n", Golden.write(new OciPlatform(null, null, "", null, "")));
    }
}
