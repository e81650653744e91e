package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.daemon.api.Filters;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code images --filter reference=...}: a glob on the familiar name, with or without the tag, as Docker. */
class ReferenceFilterTest {
    @TempDir
    Path root;

    private List<String> list(ImageService s, String pattern) {
        List<ImageSummary> l = s.list(false, Filters.parse("{\"reference\":[\"" + pattern + "\"]}"),
                new ApiVersion(1, 47));
        return l.stream().flatMap(i -> i.repoTags().stream()).sorted().toList();
    }

    @Test
    void globsMatchFamiliarNamesAndTags() {
        ImageService s = TestImages.open(root);
        byte[] tar = new dev.jdock.daemon.layer.TestTars().file("f", "x").build();
        String id = s.importImage(new ByteArrayInputStream(tar), "-", "busybox", "1.36", "", List.of());
        s.tag(id, "busybox", "latest");
        s.tag(id, "example.com/team/app", "v1");
        s.tag(id, "localhost:5000/bb", "dev");
        assertEquals(List.of("busybox:1.36", "busybox:latest"), list(s, "busybox"));
        assertEquals(List.of("busybox:latest"), list(s, "busybox:latest"));
        assertEquals(List.of("busybox:1.36", "busybox:latest"), list(s, "bus*"));
        assertEquals(List.of("busybox:1.36"), list(s, "*:1.*"));
        assertEquals(List.of("example.com/team/app:v1"), list(s, "example.com/*/app"));
        assertEquals(List.of(), list(s, "team/*"));
        assertEquals(List.of("localhost:5000/bb:dev"), list(s, "localhost:5000/bb:dev"));
        assertEquals(List.of(), list(s, "nothing*"));
    }
}
