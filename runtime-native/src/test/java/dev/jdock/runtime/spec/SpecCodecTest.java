package dev.jdock.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecCodecTest {

    @Test
    void writeThenRead_roundTripsEveryField(@TempDir Path dir) {
        RuntimeSpec spec = SpecFixtures.full();
        Path file = dir.resolve("spec");
        SpecCodec.write(spec, file);
        assertEquals(spec, SpecCodec.read(file));
        assertTrue(Files.notExists(dir.resolve("spec.tmp")));
    }

    @Test
    void encode_percentEncodesFieldsLikeTheCParser() {
        String text = SpecCodec.encode(SpecFixtures.full());
        assertTrue(text.startsWith("jdock-spec 1\nid abc123\n"), text);
        assertTrue(text.contains("\narg echo%20hi%20there%0Aw%C3%B6rld\n"), text);
        assertTrue(text.contains("\narg %2D\narg -\n"), text);
        assertTrue(text.contains("\ncaps 18446744073709551615 5 7 2 2\n"), text);
        assertTrue(text.contains("\nrlimit RLIMIT_NOFILE 1024 18446744073709551615\n"), text);
        assertTrue(text.contains("\nns net path /proc/42/ns/net\n"), text);
        assertTrue(text.contains("\nmount /etc/hosts%20file /etc/hosts bind 20481 - file 278528\n"), text);
        assertTrue(text.contains("\ndevice /dev/null c 1 3 438 0 0\n"), text);
        assertTrue(text.endsWith("\nend\n"), text);
    }

    @Test
    void encDec_areInverse() {
        for (String s : List.of("", "-", "--", "a b", "ü%", "/x/y:z=1,2", "\t\n")) {
            assertEquals(s, SpecCodec.dec(SpecCodec.enc(s)), s);
        }
    }

    @Test
    void decode_truncatedSpec_isRejected() {
        String text = SpecCodec.encode(SpecFixtures.full()).replace("end\n", "");
        assertThrows(IllegalArgumentException.class, () -> SpecCodec.decode(text));
    }

    @Test
    void records_rejectInvalidValues() {
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("a", "relative", "bind", 0, "", false));
        assertThrows(IllegalArgumentException.class, () -> new MountSpec("a", "/x/../etc", "bind", 0, "", false));
        assertThrows(IllegalArgumentException.class, () -> new Rlimit("RLIMIT_NOFILE", 10, 5));
        assertThrows(IllegalArgumentException.class, () -> new NamespaceSpec("user", java.util.Optional.empty()));
        assertThrows(IllegalArgumentException.class, () -> new CapabilitySets(1, 2, 1, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new DeviceSpec("/dev/x", 'q', 1, 1, 0666, 0, 0));
    }
}
