package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageHistoryItem;
import dev.jdock.api.types.image.ImagePruneResponse;
import dev.jdock.api.types.image.SystemDfResponse;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.TestTars;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** history, prune, system df and layer garbage collection over a real on-disk store (no root needed). */
class ImageMaintenanceTest {
    private static final ApiVersion V = new ApiVersion(1, 47);

    @TempDir
    Path root;

    private final List<ImageUsers.ImageUser> users = new ArrayList<>();

    private ImageService service() {
        return TestImages.open(root, id -> users.stream()
                .filter(u -> u.containerId().startsWith(id.substring(7, 15))).toList());
    }

    private static byte[] tar(String content) {
        return new TestTars().dir("etc").file("etc/file", content).build();
    }

    private static String importTar(ImageService s, String content, String repo, String tag, List<String> changes) {
        return s.importImage(new ByteArrayInputStream(tar(content)), "-", repo, tag, "", changes);
    }

    private long layerDirs() throws Exception {
        try (var st = Files.list(root.resolve("overlay"))) {
            return st.filter(p -> p.getFileName().toString().matches("[a-f0-9]{64}")).count();
        }
    }

    @Test
    void historyOfAnImportedImageHasItsIdTagsSizeAndComment() {
        ImageService s = service();
        String id = importTar(s, "a", "hist", "1", List.of());
        List<ImageHistoryItem> h = s.history("hist:1");
        assertEquals(1, h.size());
        assertEquals(id, h.get(0).id());
        assertEquals(List.of("hist:1"), h.get(0).tags());
        assertEquals("Imported from -", h.get(0).comment());
        assertTrue(h.get(0).size() > 0);
        assertThrows(EngineException.class, () -> s.history("nope"));
    }

    @Test
    void pruneRemovesOnlyDanglingImagesByDefaultAndUnusedOnesWithDanglingFalse() {
        ImageService s = service();
        String old = importTar(s, "one", "p", "1", List.of());
        String tagged = importTar(s, "two", "p", "1", List.of()); // moves p:1, "one" becomes dangling
        String used = importTar(s, "three", "u", "1", List.of());
        users.add(new ImageUsers.ImageUser(used.substring(7, 15) + "-container", false));

        ImagePruneResponse r = s.prune(Filters.empty());
        assertTrue(r.imagesDeleted().contains(ImageDeleteResponseItem.deleted(old)), r.toString());
        assertTrue(r.spaceReclaimed() > 0);
        assertEquals(2, s.count());

        ImagePruneResponse none = s.prune(Filters.empty());
        assertNull(none.imagesDeleted());
        assertEquals(0, none.spaceReclaimed());

        ImagePruneResponse all = s.prune(Filters.parse("{\"dangling\":[\"false\"]}"));
        assertTrue(all.imagesDeleted().contains(ImageDeleteResponseItem.untagged("p:1")));
        assertTrue(all.imagesDeleted().contains(ImageDeleteResponseItem.deleted(tagged)));
        assertEquals(1, s.count(), "the image a container uses stays");
        assertEquals(used, s.resolve("u:1"));
    }

    /**
     * moby removes each reference without force, in lexical order of the full names: an image a container uses loses
     * its tags but the last (dockerd 20.10 beside jdockd: image prune -a untags bb2:ng of nginx used by a container,
     * and keeps nginx:latest).
     */
    @Test
    void pruneAll_ofAnImageInUse_untagsAllButItsLastReference() {
        ImageService s = service();
        String used = importTar(s, "three", "u", "1", List.of());
        s.tag("u:1", "a", "2");
        s.tag("u:1", "z", "9");
        users.add(new ImageUsers.ImageUser(used.substring(7, 15) + "-container", false));
        ImagePruneResponse r = s.prune(Filters.parse("{\"dangling\":[\"false\"]}"));
        assertEquals(List.of(ImageDeleteResponseItem.untagged("a:2"), ImageDeleteResponseItem.untagged("u:1")),
                r.imagesDeleted());
        assertEquals(0, r.spaceReclaimed());
        assertEquals(used, s.resolve("z:9"), "the last reference's conflict is skipped");
        assertNull(s.prune(Filters.parse("{\"dangling\":[\"false\"]}")).imagesDeleted());
    }

    @Test
    void pruneHonoursLabelAndUntilFilters() {
        ImageService s = service();
        importTar(s, "l1", "lab", "1", List.of("LABEL keep=yes"));
        importTar(s, "l2", "lab", "2", List.of("LABEL other=x"));
        ImagePruneResponse r = s.prune(Filters.parse("{\"dangling\":[\"false\"],\"label!\":[\"keep=yes\"]}"));
        assertEquals(1, s.count());
        assertTrue(r.imagesDeleted().contains(ImageDeleteResponseItem.untagged("lab:2")));
        ImagePruneResponse until = s.prune(Filters.parse("{\"dangling\":[\"false\"],\"until\":[\"1h\"]}"));
        assertNull(until.imagesDeleted(), "created now, so not before now-1h");
        assertThrows(EngineException.class, () -> s.prune(Filters.parse("{\"bogus\":[\"1\"]}")));
        assertThrows(EngineException.class, () -> s.prune(Filters.parse("{\"dangling\":[\"maybe\"]}")));
    }

    @Test
    void diskUsageCountsContainersSharedSizesAndSnapshotSizes() throws Exception {
        ImageService s = service();
        String id = importTar(s, "df", "df", "1", List.of());
        s.snapshotter().prepare("c1", s.chainId(id));
        Files.writeString(s.snapshotter().mounts("c1").upperDir().resolve("f"), "12345");
        ContainerSummary c = ContainerSummary.builder().id("c1").imageId(id).image("df:1").state("exited").build();
        SystemDfResponse df = s.diskUsage(Set.of(), List.of(c), V);
        assertEquals(1, df.images().size());
        assertEquals(1, df.images().get(0).containers());
        assertEquals(0, df.images().get(0).sharedSize());
        assertEquals(df.images().get(0).size(), df.layersSize());
        assertEquals(5L, df.containers().get(0).sizeRw());
        assertEquals(5L + df.images().get(0).size(), df.containers().get(0).sizeRootFs());
        assertEquals(List.of(), df.volumes());
        SystemDfResponse onlyImages = s.diskUsage(Set.of("image"), List.of(c), V);
        assertNull(onlyImages.containers());
    }

    @Test
    void aForceRemovedImagesLayerGoesWhenTheLastSnapshotOnItGoes() throws Exception {
        ImageService s = service();
        String id = importTar(s, "gc", "gc", "1", List.of());
        s.snapshotter().prepare("c1", s.chainId(id));
        s.remove("gc:1", true, true);
        assertEquals(1, layerDirs(), "the stopped container still needs the layer");
        s.snapshotter().remove("c1");
        assertEquals(0, layerDirs(), "nothing uses it any more");
    }

    @Test
    void aSnapshotsRemovalKeepsTheLayerWhileAnImageOrAnotherSnapshotHoldsIt() throws Exception {
        ImageService s = service();
        String id = importTar(s, "keep", "kp", "1", List.of());
        s.snapshotter().prepare("c1", s.chainId(id));
        s.snapshotter().prepare("c2", s.chainId(id));
        s.snapshotter().remove("c1");
        assertEquals(1, layerDirs(), "the image holds its layer");
        s.remove("kp:1", true, true);
        assertEquals(1, layerDirs(), "c2 still needs the layer");
        s.snapshotter().remove("c2");
        assertEquals(0, layerDirs(), "nothing uses it any more");
    }

    @Test
    void startUpSweepRemovesLayersNoImageOrSnapshotUses() throws Exception {
        ImageService s = service();
        String id = importTar(s, "sweep", "sw", "1", List.of());
        s.snapshotter().prepare("c1", s.chainId(id));
        s.remove("sw:1", true, true);
        Files.delete(root.resolve("overlay").resolve("c1").resolve("snapshot.json")); // snapshot lost its metadata
        assertEquals(1, layerDirs());
        service(); // a restart
        assertEquals(0, layerDirs());
    }

    @Test
    void importChangesAreAppliedAndInvalidOnesRefused() {
        ImageService s = service();
        String id = importTar(s, "ch", "ch", "1", List.of("CMD [\"sh\",\"-c\",\"echo hi\"]", "ENTRYPOINT /bin/x",
                "ENV A=1 B=\"two words\"", "EXPOSE 80 53/udp 8000-8001/UDP 1:2 8000-8002:443", "LABEL a=b",
                "USER nobody",
                "VOLUME /data", "WORKDIR /w", "ONBUILD RUN echo built"));
        ImageConfig c = s.config(id);
        assertEquals(List.of("sh", "-c", "echo hi"), c.cmd());
        assertEquals(List.of("/bin/sh", "-c", "/bin/x"), c.entrypoint());
        assertEquals(List.of("A=1", "B=two words"), c.env());
        assertEquals(Set.of("80/tcp", "53/udp", "8000/udp", "8001/udp", "2/tcp", "443/tcp"), c.exposedPorts(),
                "go-connections' ParsePortSpecs: ranges expanded, a host part (a range for one port too) dropped");
        assertEquals("b", c.labels().get("a"));
        assertEquals("nobody", c.user());
        assertEquals(Set.of("/data"), c.volumes());
        assertEquals("/w", c.workingDir());
        assertEquals(List.of("RUN echo built"), c.onBuild());
        EngineException e = assertThrows(EngineException.class, () -> importTar(s, "x", null, null,
                List.of("FROM busybox")));
        assertEquals("from is not a valid change command", e.getMessage());
        assertThrows(EngineException.class, () -> importTar(s, "x", null, null, List.of("ONBUILD ONBUILD RUN x")));
        // moby's validCommitCommands has no STOPSIGNAL; EXPOSE's errors are go-connections' (dockerd 20.10 beside)
        for (String[] c2 : new String[][] {{"STOPSIGNAL SIGINT", "stopsignal is not a valid change command"},
                {"EXPOSE abc", "invalid containerPort: abc"}, {"EXPOSE 70000", "invalid containerPort: 70000"},
                {"EXPOSE 90-80", "invalid containerPort: 90-80"}, {"EXPOSE 80/xyz", "invalid proto: xyz"},
                {"EXPOSE +80", "invalid containerPort: +80"}, {"EXPOSE 1.2.3:80:80", "invalid IP address: 1.2.3"}}) {
            EngineException bad = assertThrows(EngineException.class, () -> importTar(s, "x", null, null,
                    List.of(c2[0])), c2[0]);
            assertEquals(c2[1], bad.getMessage(), c2[0]);
            assertEquals(dev.jdock.daemon.errors.ErrorKind.INVALID_PARAMETER, bad.kind(), c2[0]);
        }
    }

    @Test
    void importFromAMissingUrlFailsWithTheStatus() {
        assertEquals("http://example.invalid/x.tar", ImportUrl.normalize("example.invalid/x.tar").toString());
        assertEquals("404 Not Found", ImportUrl.status(404));
        assertThrows(EngineException.class, () -> ImportUrl.normalize("ftp://host/x"));
        assertFalse(ImportUrl.status(418).isEmpty());
    }
}
