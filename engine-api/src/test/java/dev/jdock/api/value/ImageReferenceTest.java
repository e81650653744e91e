package dev.jdock.api.value;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ImageReferenceTest {
    private static final String D = "sha256:aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

    @ParameterizedTest
    @CsvSource({
        "busybox, docker.io/library/busybox:latest, busybox:latest",
        "busybox:1.36, docker.io/library/busybox:1.36, busybox:1.36",
        "user/repo, docker.io/user/repo:latest, user/repo:latest",
        "docker.io/library/alpine:3, docker.io/library/alpine:3, alpine:3",
        "index.docker.io/library/alpine, docker.io/library/alpine:latest, alpine:latest",
        "localhost:5000/x:y, localhost:5000/x:y, localhost:5000/x:y",
        "localhost/x, localhost/x:latest, localhost/x:latest",
        "registry.example.com/a/b@" + D + ", registry.example.com/a/b@" + D + ", registry.example.com/a/b@" + D,
        "Registry.Example.com/a/b:v1.0-rc_2, Registry.Example.com/a/b:v1.0-rc_2, Registry.Example.com/a/b:v1.0-rc_2",
        "a/b/c/d, docker.io/a/b/c/d:latest, a/b/c/d:latest",
        "my__repo.x-y, docker.io/library/my__repo.x-y:latest, my__repo.x-y:latest",
        "[::1]:5000/x, [::1]:5000/x:latest, [::1]:5000/x:latest",
    })
    void parse_normalises(String input, String full, String familiar) {
        ImageReference r = ImageReference.parse(input);
        assertEquals(full, r.toString());
        assertEquals(familiar, r.familiarString());
    }

    @Test
    void parseNamed_keepsTagAbsent() {
        ImageReference r = ImageReference.parseNamed("busybox");
        assertEquals(null, r.tag());
        assertEquals("docker.io/library/busybox", r.name());
        assertEquals("busybox", r.familiarName());
    }

    @Test
    void uppercaseRepository_rejectedWithDockersMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageReference.parse("Busybox"));
        assertEquals("invalid reference format: repository name (library/Busybox) must be lowercase",
                e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "busybox:", ":tag", "a//b", "-a", "a:b:c", "busybox@sha256:abc", "UPPER/x:y/z",
        "a b", "busybox:-tag"})
    void invalid_rejected(String input) {
        assertThrows(IllegalArgumentException.class, () -> ImageReference.parse(input));
    }

    @Test
    void hex64_rejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImageReference.parse("a".repeat(64)));
        assertTrue(e.getMessage().contains("cannot specify 64-byte hexadecimal strings"));
    }

    @Test
    void tagValidation() {
        assertTrue(ImageReference.isValidTag("v1.0_x-y"));
        assertFalse(ImageReference.isValidTag(".x"));
        assertFalse(ImageReference.isValidTag("x".repeat(129)));
    }
}
