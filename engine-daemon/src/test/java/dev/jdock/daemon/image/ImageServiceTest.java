package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.Json;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.layer.LayerStore;
import dev.jdock.daemon.layer.TestTars;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageServiceTest {
    private static final ApiVersion V = new ApiVersion(1, 47);

    @TempDir
    Path root;

    private final List<ImageUsers.ImageUser> users = new ArrayList<>();

    private ImageService service(Path dataRoot) {
        return TestImages.open(dataRoot, id -> List.copyOf(users));
    }

    static final byte[] BASE = new TestTars().dir("etc").file("etc/passwd", "root:x:0:0").file("etc/group", "g")
            .build();
    static final byte[] TOP = new TestTars().dir("etc").file("etc/.wh.group", "").file("hello", "hi").build();

    static byte[] config(String cmd, byte[]... layers) {
        List<String> diffs = new ArrayList<>();
        for (byte[] l : layers) {
            diffs.add(Digest.sha256(l).toString());
        }
        String json = "{\"architecture\":\"amd64\",\"os\":\"linux\",\"created\":\"2024-01-02T03:04:05.123456789Z\","
                + "\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"" + cmd + "\"],\"Labels\":{\"k\":\"v\"},"
                + "\"ExposedPorts\":{\"80/tcp\":{}}},"
                + "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":" + json(diffs) + "}}";
        return json.getBytes(StandardCharsets.UTF_8);
    }

    static String json(Object o) {
        try {
            return Json.mapper().writeValueAsString(o);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A docker-archive (old layout: <id>/layer.tar, manifest.json last). */
    static byte[] dockerArchive(byte[] config, List<String> tags, byte[]... layers) {
        TestTars t = new TestTars();
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < layers.length; i++) {
            String p = "layer" + i + "/layer.tar";
            t.dir("layer" + i).file(p, layers[i], 0644);
            paths.add(p);
        }
        String cfgName = Digest.sha256(config).hex() + ".json";
        t.file(cfgName, config, 0644);
        t.file("manifest.json", json(List.of(Map.of("Config", cfgName, "RepoTags", tags, "Layers", paths))));
        return t.build();
    }

    private List<String> load(ImageService s, byte[] archive) {
        List<String> out = new ArrayList<>();
        s.load(new ByteArrayInputStream(archive), out::add);
        return out;
    }

    @Test
    void loadDockerArchive_thenListInspectResolve() {
        ImageService s = service(root);
        byte[] cfg = config("sh", BASE, TOP);
        assertEquals(List.of("Loaded image: busybox:latest"),
                load(s, dockerArchive(cfg, List.of("busybox:latest"), BASE, TOP)));
        String id = Digest.sha256(cfg).toString();
        assertEquals(id, s.resolve("busybox"));
        assertEquals(id, s.resolve("docker.io/library/busybox:latest"));
        assertEquals(id, s.resolve(id.substring(7, 19)));
        assertEquals(id, s.resolve(id.substring(7)));
        EngineException nf = assertThrows(EngineException.class, () -> s.resolve("nothere"));
        assertEquals(ErrorKind.NOT_FOUND, nf.kind());
        assertEquals("No such image: nothere:latest", nf.getMessage());

        List<ImageSummary> list = s.list(false, Filters.empty(), V);
        assertEquals(1, list.size());
        assertEquals(List.of("busybox:latest"), list.get(0).repoTags());
        assertEquals(1704164645L, list.get(0).created());
        assertNull(list.get(0).virtualSize());
        assertEquals(list.get(0).size(), s.list(false, Filters.empty(), new ApiVersion(1, 43)).get(0).virtualSize());

        ImageInspect in = s.inspect("busybox:latest", V);
        List<String> diffs = List.of(Digest.sha256(BASE).toString(), Digest.sha256(TOP).toString());
        assertEquals(diffs, in.rootFs().layers());
        assertEquals(List.of("sh"), in.config().cmd());
        assertEquals("overlay2", in.graphDriver().name());
        assertTrue(in.graphDriver().data().containsKey("LowerDir"));
        assertEquals("0001-01-01T00:00:00Z", in.metadata().lastTagTime());
        String inspectJson = json(in);
        assertTrue(inspectJson.contains("\"ExposedPorts\":{\"80/tcp\":{}}"), inspectJson);

        List<String> chains = LayerStore.chainIds(diffs);
        assertEquals(diffs.get(0), chains.get(0));
        assertEquals(Digest.sha256((diffs.get(0) + " " + diffs.get(1)).getBytes(StandardCharsets.UTF_8)).toString(),
                chains.get(1));
        assertEquals(chains.get(1), s.chainId(id));
        assertEquals(List.of("sh"), s.config(id).cmd());
        assertTrue(s.config(id).exposedPorts().contains("80/tcp"));
        Path top = root.resolve("overlay").resolve(chains.get(1).substring(7)).resolve("diff");
        assertTrue(Files.isRegularFile(top.resolve("hello")));
        assertTrue(Files.exists(top.resolve("etc/group")), "whiteout node created via mknod fake");
    }

    @Test
    void tagAndRemove_followDockerSemantics() throws Exception {
        ImageService s = service(root);
        byte[] cfg = config("sh", BASE);
        load(s, dockerArchive(cfg, List.of("busybox:latest"), BASE));
        String id = Digest.sha256(cfg).toString();
        assertSame(s.config(id), s.config(id), "parsed once per image");
        s.tag("busybox", "example.com/mine", "v1");
        assertTrue(s.inspect(id, V).metadata().lastTagTime().startsWith("20"));
        assertEquals(List.of("busybox:latest", "example.com/mine:v1"), s.repoTags(id));

        EngineException multi = assertThrows(EngineException.class, () -> s.remove(id.substring(7, 19), false, true));
        assertEquals(ErrorKind.CONFLICT, multi.kind());
        assertEquals("conflict: unable to delete " + id.substring(7, 19)
                + " (must be forced) - image is referenced in multiple repositories", multi.getMessage());

        assertEquals(List.of(ImageDeleteResponseItem.untagged("example.com/mine:v1")),
                s.remove("example.com/mine:v1", false, true));

        users.add(new ImageUsers.ImageUser("c0ffee1234567890", false));
        EngineException stopped = assertThrows(EngineException.class, () -> s.remove(id, false, true));
        assertEquals("conflict: unable to delete " + id.substring(7, 19)
                + " (must be forced) - image is being used by stopped container c0ffee123456", stopped.getMessage());
        users.set(0, new ImageUsers.ImageUser("c0ffee1234567890", true));
        EngineException running = assertThrows(EngineException.class, () -> s.remove(id, true, true));
        assertEquals("conflict: unable to delete " + id.substring(7, 19)
                + " (cannot be forced) - image is being used by running container c0ffee123456", running.getMessage());
        users.clear();

        List<ImageDeleteResponseItem> removed = s.remove("busybox", false, true);
        assertEquals(ImageDeleteResponseItem.untagged("busybox:latest"), removed.get(0));
        assertEquals(ImageDeleteResponseItem.deleted(id), removed.get(1));
        assertEquals(ImageDeleteResponseItem.deleted(Digest.sha256(BASE).toString()), removed.get(2));
        assertEquals(0, s.count());
        assertFalse(Files.exists(root.resolve("overlay").resolve(Digest.sha256(BASE).hex())));
        try (Stream<Path> l = Files.list(root.resolve("overlay/l"))) {
            assertEquals(0, l.count());
        }
        assertTrue(new dev.jdock.daemon.content.LocalContentStore(root.resolve("content")).list().isEmpty());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> s.resolve(id)).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> s.config(id)).kind(),
                "a removed image's kept config is not served");
    }

    @Test
    void sharedBaseLayer_unpackedOnce_andKeptWhileUsed() throws Exception {
        ImageService s = service(root);
        byte[] a = config("a", BASE);
        byte[] b = config("b", BASE, TOP);
        load(s, dockerArchive(a, List.of("a:1"), BASE));
        Path baseDir = root.resolve("overlay").resolve(Digest.sha256(BASE).hex());
        String link = Files.readString(baseDir.resolve("link"));
        load(s, dockerArchive(b, List.of("b:1"), BASE, TOP));
        assertEquals(link, Files.readString(baseDir.resolve("link")));
        try (Stream<Path> l = Files.list(root.resolve("overlay/l"))) {
            assertEquals(2, l.count());
        }
        List<ImageDeleteResponseItem> removed = s.remove("a:1", false, true);
        assertEquals(2, removed.size(), removed.toString());
        assertTrue(Files.isDirectory(baseDir.resolve("diff")));
    }

    @Test
    void retag_movesTag_oldImageBecomesDangling() {
        ImageService s = service(root);
        byte[] first = config("one", BASE);
        byte[] second = config("two", BASE);
        load(s, dockerArchive(first, List.of("app:latest"), BASE));
        List<String> out = load(s, dockerArchive(second, List.of("app:latest"), BASE));
        assertEquals("The image app:latest already exists, renaming the old one with ID "
                + Digest.sha256(first) + " to empty string", out.get(0));
        assertEquals(2, s.count());
        List<ImageSummary> dangling = s.list(false, Filters.parse("{\"dangling\":[\"true\"]}"), V);
        assertEquals(1, dangling.size());
        assertEquals(Digest.sha256(first).toString(), dangling.get(0).id());
        assertEquals(1, s.list(false, Filters.parse("{\"reference\":[\"ap*\"]}"), V).size());
        assertEquals(2, s.list(false, Filters.parse("{\"label\":[\"k=v\"]}"), V).size());
    }

    @Test
    void loadOciLayout_withGzipLayersAndNameAnnotation() {
        ImageService s = service(root);
        byte[] cfg = config("oci", BASE, TOP);
        byte[] l1 = TestTars.gzip(BASE);
        byte[] l2 = TestTars.gzip(TOP);
        String manifest = json(Map.of("schemaVersion", 2, "mediaType", ArchiveFormats.OCI_MANIFEST,
                "config", desc(ArchiveFormats.OCI_CONFIG, cfg),
                "layers", List.of(desc("application/vnd.oci.image.layer.v1.tar+gzip", l1),
                        desc("application/vnd.oci.image.layer.v1.tar+gzip", l2))));
        byte[] mb = manifest.getBytes(StandardCharsets.UTF_8);
        Map<String, Object> md = new java.util.HashMap<>(desc(ArchiveFormats.OCI_MANIFEST, mb));
        md.put("annotations", Map.of("io.containerd.image.name", "docker.io/library/ocitest:1.0",
                "org.opencontainers.image.ref.name", "1.0"));
        TestTars t = new TestTars().file("oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}")
                .file("index.json", json(Map.of("schemaVersion", 2, "manifests", List.of(md))))
                .dir("blobs").dir("blobs/sha256");
        for (byte[] blob : List.of(cfg, l1, l2, mb)) {
            t.file("blobs/sha256/" + Digest.sha256(blob).hex(), blob, 0644);
        }
        assertEquals(List.of("Loaded image: ocitest:1.0"), load(s, TestTars.gzip(t.build())));
        assertEquals(Digest.sha256(cfg).toString(), s.resolve("ocitest:1.0"));
        assertEquals(List.of(Digest.sha256(BASE).toString(), Digest.sha256(TOP).toString()),
                s.inspect("ocitest:1.0", V).rootFs().layers());
    }

    private static Map<String, Object> desc(String mediaType, byte[] blob) {
        return Map.of("mediaType", mediaType, "digest", Digest.sha256(blob).toString(), "size", blob.length);
    }

    @Test
    void saveThenLoad_roundTripKeepsIdAndDiffIds() {
        ImageService s = service(root.resolve("one"));
        byte[] cfg = config("rt", BASE, TOP);
        load(s, dockerArchive(cfg, List.of("rt:1", "rt:2"), BASE, TOP));
        ByteArrayOutputStream saved = new ByteArrayOutputStream();
        s.save(List.of("rt:1"), saved);
        ImageService other = service(root.resolve("two"));
        assertEquals(List.of("Loaded image: rt:1"), load(other, saved.toByteArray()));
        String id = Digest.sha256(cfg).toString();
        assertEquals(id, other.resolve("rt:1"));
        assertEquals(s.inspect(id, V).rootFs(), other.inspect(id, V).rootFs());

        ByteArrayOutputStream all = new ByteArrayOutputStream();
        s.save(List.of("rt"), all);
        ImageService third = service(root.resolve("three"));
        assertEquals(List.of("Loaded image: rt:1", "Loaded image: rt:2"), load(third, all.toByteArray()));
    }

    /**
     * moby tarexport's parseNames: a missing tag or digest is {@code reference does not exist}, a repository without
     * tags or an unknown ID {@code No such image: <name as given>} (dockerd 20.10 beside jdockd), both 404.
     */
    @Test
    void prepareSave_missingNames_asMobysTarexport() {
        ImageService s = service(root);
        load(s, dockerArchive(config("rt", BASE, TOP), List.of("rt:1"), BASE, TOP));
        for (String[] c : new String[][] {{"nosuch:v1", "reference does not exist"},
                {"rt:nosuch", "reference does not exist"}, {"nosuch", "No such image: nosuch"},
                {"abcdef", "No such image: abcdef"}, {"sha256:abcd", "No such image: sha256:abcd"},
                {"rt@sha256:" + "0".repeat(64), "reference does not exist"}}) {
            EngineException e = assertThrows(EngineException.class, () -> s.prepareSave(List.of("rt:1", c[0])), c[0]);
            assertEquals(ErrorKind.NOT_FOUND, e.kind(), c[0]);
            assertEquals(c[1], e.getMessage(), c[0]);
        }
    }

    @Test
    void importRootfs_withChanges() {
        ImageService s = service(root);
        String id = s.importImage(new ByteArrayInputStream(TestTars.gzip(BASE)), "imported", "v1", "hello",
                List.of("CMD [\"/bin/sh\"]", "ENV A=1 B=\"two words\"", "WORKDIR /w", "EXPOSE 8080"));
        assertEquals(id, s.resolve("imported:v1"));
        ImageConfig c = s.config(id);
        assertEquals(List.of("/bin/sh"), c.cmd());
        assertEquals(List.of("A=1", "B=two words"), c.env());
        assertEquals("/w", c.workingDir());
        assertEquals(List.of(Digest.sha256(BASE).toString()), s.inspect(id, V).rootFs().layers());
        assertEquals("hello", s.inspect(id, V).comment());
        EngineException bad = assertThrows(EngineException.class, () -> s.importImage(
                new ByteArrayInputStream(BASE), "", "", "", List.of("RUN echo")));
        assertEquals("run is not a valid change command", bad.getMessage());
    }

    @Test
    void stateSurvivesRestart() {
        ImageService s = service(root);
        byte[] cfg = config("sh", BASE);
        load(s, dockerArchive(cfg, List.of("keep:me"), BASE));
        ImageService reopened = service(root);
        assertEquals(Digest.sha256(cfg).toString(), reopened.resolve("keep:me"));
        assertEquals(1, reopened.count());
    }

    @Test
    void badReference_isInvalid_notFoundStaysNotFound() {
        ImageService s = service(root);
        assertEquals(ErrorKind.INVALID_PARAMETER, assertThrows(EngineException.class,
                () -> s.resolve("Busybox")).kind());
        assertEquals(ErrorKind.NOT_FOUND, assertThrows(EngineException.class, () -> s.resolve("abc123")).kind());
    }
}
