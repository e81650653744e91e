package dev.jdock.cli.context;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.cli.io.TarHeader;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;

/**
 * The context archive against archives the docker CLI 28.2.2 wrote ({@code src/test/resources/context}: a context
 * with a description and three TLS files, recorded with {@code docker context export fixture FILE}, and one without
 * TLS files, {@code docker context create plain --docker host=unix:///run/p.sock}), and docker's rules for what it
 * refuses.
 */
class ContextArchiveTest {
    private static byte[] resource(String name) throws IOException {
        try (InputStream in = ContextArchiveTest.class.getResourceAsStream("/context/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads an archive as import does; the metadata it stored, then the TLS files, into {@code got}. */
    private static Map<String, Map<String, byte[]>> read(byte[] archive, List<DockerContext> got) throws IOException {
        return ContextArchive.read(new ByteArrayInputStream(archive), "imported", got::add);
    }

    private static String error(byte[] archive) {
        return assertThrows(ContextArchive.ArchiveException.class, () -> read(archive, new ArrayList<>()))
                .getMessage();
    }

    @Test
    void dockersExport_readsBack_andWritesByteForByte() throws IOException {
        byte[] docker = resource("docker-28.2.2.dockercontext");
        List<DockerContext> got = new ArrayList<>();
        Map<String, Map<String, byte[]>> tls = read(docker, got);
        assertEquals(1, got.size());
        assertEquals("imported", got.get(0).name(), "the archive's name is replaced by the one imported as");
        assertEquals("from <docker> & co", got.get(0).description());
        assertEquals("tcp://10.0.0.1:2376", got.get(0).dockerHost());
        assertEquals(List.of("docker"), List.copyOf(tls.keySet()));
        assertEquals("CA DATA\n", new String(tls.get("docker").get("ca.pem"), StandardCharsets.UTF_8));
        assertEquals("CERT DATA\n", new String(tls.get("docker").get("cert.pem"), StandardCharsets.UTF_8));
        assertEquals("KEY\n", new String(tls.get("docker").get("key.pem"), StandardCharsets.UTF_8));
        DockerContext fixture = new DockerContext("fixture", got.get(0).metadata(), got.get(0).endpoints());
        assertArrayEquals(docker, ContextArchive.bytes(fixture.typed(), tls),
                "the same context exports to docker's bytes (no padding after the last file, no end blocks)");
    }

    @Test
    void dockersExportWithoutTls_endsAfterTheTlsDirectory() throws IOException {
        byte[] docker = resource("docker-28.2.2-plain.dockercontext");
        List<DockerContext> got = new ArrayList<>();
        assertEquals(Map.of(), read(docker, got));
        assertEquals("unix:///run/p.sock", got.get(0).dockerHost());
        DockerContext plain = DockerContext.of("plain", "", "unix:///run/p.sock", false);
        assertArrayEquals(docker, ContextArchive.bytes(plain, Map.of()));
        assertEquals(3 * TarHeader.BLOCK, docker.length);
    }

    @Test
    void aZip_isReadToo_directoriesSkipped() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("tls/"));
            z.putNextEntry(new ZipEntry("tls/docker/"));
            z.putNextEntry(new ZipEntry("tls/docker/ca.pem"));
            z.write(utf8("ZIPCA"));
            z.putNextEntry(new ZipEntry("meta.json"));
            z.write(utf8("{\"Name\":\"x\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://z:1\"}}}"));
        }
        List<DockerContext> got = new ArrayList<>();
        Map<String, Map<String, byte[]>> tls = read(bytes.toByteArray(), got);
        assertEquals("tcp://z:1", got.get(0).dockerHost());
        assertEquals("ZIPCA", new String(tls.get("docker").get("ca.pem"), StandardCharsets.UTF_8));
        byte[] cut = Arrays.copyOf(bytes.toByteArray(), 100);
        assertEquals("zip: not a valid zip file", error(cut));
    }

    /** A tar of {@code name=content} regular files, as GNU tar or docker write them (with end blocks). */
    private static byte[] tar(String... entries) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < entries.length; i += 2) {
            byte[] data = utf8(entries[i + 1]);
            TarHeader.write(out, entries[i], '0', data.length, 0644, 0, 0, 0, "");
            out.write(data);
            out.write(new byte[(TarHeader.BLOCK - data.length % TarHeader.BLOCK) % TarHeader.BLOCK]);
        }
        out.write(new byte[2 * TarHeader.BLOCK]);
        return out.toByteArray();
    }

    @Test
    void badArchives_inDockersWords() throws IOException {
        String meta = "{\"Name\":\"x\",\"Endpoints\":{\"docker\":{\"Host\":\"tcp://h:1\"}}}";
        assertEquals("invalid context: no metadata found", error(new byte[0]));
        assertEquals("invalid context: no metadata found", error(tar("tls/docker/ca.pem", "x")));
        assertEquals("unexpected EOF", error(utf8("hello\n")));
        byte[] noise = new byte[600];
        Arrays.fill(noise, (byte) 'x');
        assertEquals("archive/tar: invalid tar header", error(noise));
        assertEquals("other: unexpected context file", error(tar("meta.json", meta, "other", "x")));
        assertEquals("./meta.json: unexpected context file", error(tar("./meta.json", meta)));
        assertEquals("tls/docker/../x: unexpected path format", error(tar("tls/docker/../x", "x")));
        assertEquals("archive format is invalid", error(tar("tls/ca.pem", "x")));
        byte[] truncated = Arrays.copyOf(tar("meta.json", meta), TarHeader.BLOCK + 10);
        assertEquals("unexpected EOF", error(truncated));
    }

    @Test
    void metaJson_isRefusedInGosWords() {
        assertEquals("unexpected end of JSON input", error(tarOf("")));
        assertEquals("invalid character 'x' looking for beginning of value", error(tarOf("x")));
        assertEquals("invalid character 'b' looking for beginning of object key string", error(tarOf("{bad\n")));
        assertEquals("invalid character 't' after top-level value", error(tarOf("{} trailing")));
        assertEquals("json: cannot unmarshal string into Go value of type store.Metadata", error(tarOf("\"s\"")));
        assertEquals("json: cannot unmarshal number into Go struct field Metadata.Name of type string",
                error(tarOf("{\"Name\":5}")));
    }

    private static byte[] tarOf(String meta) {
        try {
            return tar("meta.json", meta);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void metaIsStoredBeforeALaterEntryFails_asDockerDoes() {
        List<DockerContext> got = new ArrayList<>();
        assertThrows(ContextArchive.ArchiveException.class, () -> read(tar("meta.json", "{}", "bad", "x"), got));
        assertEquals(1, got.size());
        assertNull(got.get(0).endpoints().get("docker"));
    }

    @Test
    void moreThanTenMebibytes_isRefused() {
        byte[] big = new byte[(int) ContextArchive.LIMIT + TarHeader.BLOCK * 2];
        byte[] header = TarHeader.header("tls/docker/big", '0', big.length - TarHeader.BLOCK, 0600, 0, 0, 0, "");
        System.arraycopy(header, 0, big, 0, header.length);
        assertEquals("read exceeds the defined limit", error(big));
    }

    @Test
    void typed_dropsWhatDockersTypesDrop_andMarshalsAsGo() {
        Map<String, Object> docker = new LinkedHashMap<>();
        docker.put("SkipTLSVerify", true);
        docker.put("Host", "");
        docker.put("Extra", 1L);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("Zeta", "z");
        meta.put("Description", "");
        DockerContext c = new DockerContext("n", meta, Map.of("docker", docker));
        assertEquals("{\"Name\":\"n\",\"Metadata\":{\"Zeta\":\"z\"},\"Endpoints\":{\"docker\":"
                + "{\"SkipTLSVerify\":true}}}",
                new String(c.typed().toJson(), StandardCharsets.UTF_8));
        assertEquals("{\"Name\":\"n\",\"Metadata\":{\"Description\":\"a\\u003cb\\u0026c\\u003e\"},\"Endpoints\":"
                + "{\"docker\":{\"Host\":\"tcp://h:1\",\"SkipTLSVerify\":false}}}", new String(DockerContext.of("n",
                        "a<b&c>", "tcp://h:1", false).toJson(), StandardCharsets.UTF_8));
    }
}
