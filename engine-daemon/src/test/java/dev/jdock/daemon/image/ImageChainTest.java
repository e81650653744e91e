package dev.jdock.daemon.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageHistoryItem;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.types.image.OciImageConfig;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.layer.TestTars;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Images made one from another, as a build makes its steps' images: a config-only child (an empty layer), a child
 * with a layer, parents named in history, intermediate images hidden from the plain list, pruned with their child.
 */
class ImageChainTest {
    private static final ApiVersion V = new ApiVersion(1, 47);
    @TempDir
    Path root;
    private ImageService s;
    private String base;
    private String middle;
    private String top;

    private static ImageCommitter.Request request(String parent, String createdBy, String repo) {
        return new ImageCommitter.Request(parent, ImageContainerConfig.empty(), List.of(), "", "", createdBy, repo,
                "1");
    }

    @BeforeEach
    void chain() {
        s = TestImages.open(root);
        base = s.importImage(new ByteArrayInputStream(new TestTars().file("f", "x").build()), "-", "base", "1", "",
                List.of());
        middle = s.commit(request(base, "/bin/sh -c #(nop)  ENV A=1", ""), null);
        top = s.commit(request(middle, "/bin/sh -c touch g", "top"),
                out -> out.write(new TestTars().file("g", "").build()));
    }

    @Test
    void configOnlyCommit_addsAnEmptyLayerEntry_andNoLayer() {
        OciImageConfig m = s.configFile(middle);
        OciImageConfig b = s.configFile(base);
        assertEquals(b.rootfs().diffIds(), m.rootfs().diffIds());
        assertEquals(Boolean.TRUE, m.history().get(m.history().size() - 1).emptyLayer());
        assertEquals(base, m.parent());
    }

    @Test
    void scratchCommit_hasNoParentAndNoLayers() {
        String id = s.commit(new ImageCommitter.Request(null, ImageContainerConfig.empty(), List.of(), "", "",
                "/bin/sh -c #(nop)  CMD [\"x\"]", "", ""), null);
        assertTrue(s.configFile(id).rootfs().diffIds().isEmpty());
        assertEquals(null, s.configFile(id).parent());
    }

    @Test
    void restore_makesAStepImageFromTheTargetsLayers() {
        String configOnly = s.restoreCachedStep(base, top, ImageContainerConfig.empty());
        OciImageConfig c = s.configFile(configOnly);
        assertEquals(s.configFile(base).rootfs().diffIds(), c.rootfs().diffIds(), "the ENV step adds no layer");
        assertEquals("/bin/sh -c #(nop)  ENV A=1", c.history().get(c.history().size() - 1).createdBy());
        String withLayer = s.restoreCachedStep(configOnly, top, ImageContainerConfig.empty());
        assertEquals(s.configFile(top).rootfs().diffIds(), s.configFile(withLayer).rootfs().diffIds());
        assertEquals(configOnly, s.configFile(withLayer).parent());
    }

    @Test
    void intermediateImages_listedOnlyWithAll() {
        List<String> plain = s.list(false, Filters.empty(), V).stream().map(ImageSummary::id).toList();
        List<String> all = s.list(true, Filters.empty(), V).stream().map(ImageSummary::id).toList();
        assertTrue(plain.contains(top) && plain.contains(base) && !plain.contains(middle), plain.toString());
        assertTrue(all.contains(middle), all.toString());
    }

    @Test
    void history_namesEachStepsImageUpTheParentChain() {
        List<ImageHistoryItem> h = s.history("top:1");
        assertEquals(List.of(top, middle, base), h.stream().map(ImageHistoryItem::id).toList());
        assertEquals(List.of("top:1"), h.get(0).tags());
        assertEquals(List.of("base:1"), h.get(2).tags());
    }

    @Test
    void anImageWithChildren_cannotBeDeleted() {
        EngineException e = assertThrows(EngineException.class, () -> s.remove(middle, false, true));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        assertTrue(e.getMessage().contains("image has dependent child images"), e.getMessage());
        e = assertThrows(EngineException.class, () -> s.remove(middle, true, true));
        assertTrue(e.getMessage().contains("(cannot be forced)"), e.getMessage());
    }

    @Test
    void removingTheTop_prunesUntaggedParents_butNotTaggedOnes() {
        List<String> deleted = s.remove("top:1", false, true).stream().map(ImageDeleteResponseItem::deleted)
                .filter(x -> x != null).toList();
        assertTrue(deleted.contains(top) && deleted.contains(middle), deleted.toString());
        assertEquals(base, s.resolve("base:1"));
    }

    @Test
    void noprune_keepsTheParents() {
        s.remove("top:1", false, false);
        assertEquals(middle, s.resolve(middle));
    }
}
