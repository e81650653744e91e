package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.daemon.store.StateFormat;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code image/distribution/<diffid>.json} in every state format (see StateFormat), and what add() writes. */
class DistributionMetadataTest {
    private static final String DIFF_ID = "sha256:802bbd20a89018044eb7710af8d3bdac3dd5a55266bc42febeeb30bd1bf72c93";
    private static final String FILE = DIFF_ID.substring(7) + ".json";

    @TempDir
    Path tmp;

    private Path root(int format) throws Exception {
        Path root = tmp.resolve("distribution");
        Files.createDirectories(root);
        Files.copy(Path.of("src/test/resources/state/format" + format + "/image/distribution").resolve(FILE),
                root.resolve(FILE));
        return root;
    }

    @ParameterizedTest(name = "format {0}")
    @ValueSource(ints = {0, 1})
    void sourcesOfAnEarlierFormat_load_andAddKeepsThemNewestFirst(int format) throws Exception {
        Path root = root(format);
        DistributionMetadata m = new DistributionMetadata(root);
        List<DistributionMetadata.Source> before = m.sources(DIFF_ID);
        assertEquals(1, before.size());
        DistributionMetadata.Source pulled = before.get(0);
        assertEquals("127.0.0.1:47210", pulled.registry());
        assertEquals("fix/busybox", pulled.repository());
        assertTrue(pulled.digest().startsWith("sha256:"), pulled.digest());
        assertTrue(pulled.size() > 0);

        DistributionMetadata.Source pushed = new DistributionMetadata.Source("r:5000", "copy", pulled.digest(),
                pulled.size(), pulled.mediaType());
        m.add(DIFF_ID, pushed);
        assertEquals(List.of(pushed, pulled), m.sources(DIFF_ID));
        JsonNode written = Json.mapper().readTree(root.resolve(FILE).toFile());
        assertEquals(StateFormat.CURRENT, written.get(StateFormat.FIELD).intValue());
        assertEquals(2, written.get(DistributionMetadata.LIST).size());
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve(FILE))));
    }

    @Test
    void aFileOfANewerFormat_isNeitherReadNorOverwritten_anUnreadableOneIsReplaced() throws Exception {
        Path root = tmp.resolve("distribution");
        DistributionMetadata m = new DistributionMetadata(root);
        byte[] newer = ("{\"" + StateFormat.FIELD + "\":" + (StateFormat.CURRENT + 1) + ",\"Sources\":[]}")
                .getBytes(StandardCharsets.UTF_8);
        Files.write(root.resolve(FILE), newer);
        DistributionMetadata.Source s = new DistributionMetadata.Source("r:5000", "a", "sha256:" + "a".repeat(64),
                10, "application/vnd.oci.image.layer.v1.tar+gzip");
        assertEquals(List.of(), m.sources(DIFF_ID));
        m.add(DIFF_ID, s);
        assertArrayEquals(newer, Files.readAllBytes(root.resolve(FILE)));

        Files.write(root.resolve(FILE), "[{\"registry\":".getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), m.sources(DIFF_ID));
        m.add(DIFF_ID, s);
        assertEquals(List.of(s), m.sources(DIFF_ID));
    }
}
