package dev.jdock.api.types.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.Golden;
import org.junit.jupiter.api.Test;

class PushGoldenTest {
    @Test
    void pushAux_tagDigestSize_asDockerd() {
        PushResult r = Golden.assertRoundTrip("push-aux.json", PushResult.class);
        assertEquals(734, r.size());
        assertEquals(Golden.load("push-aux.json"), Golden.write(new PushResult("v1",
                "sha256:9314d679ed431e971a782fc4d6fc250e42e44c1e33f1ee7c7690bd2fc63c579b", 734)));
    }
}
