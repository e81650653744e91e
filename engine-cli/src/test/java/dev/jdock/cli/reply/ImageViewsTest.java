package dev.jdock.cli.reply;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.MiniJson;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageHistoryItem;
import dev.jdock.api.types.image.ImagePruneResponse;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The image commands' views read what the daemon's records write. */
class ImageViewsTest {

    private static Object wire(Object record) throws Exception {
        return MiniJson.parse(Json.mapper().writeValueAsBytes(record));
    }

    @Test
    void history_layers() throws Exception {
        ImageHistoryItem[] items = Json.mapper().readValue(("[{\"Id\":\"sha256:1\",\"Created\":5,"
                + "\"CreatedBy\":\"ADD x\",\"Tags\":null,\"Size\":623,\"Comment\":\"c\"}]").getBytes(),
                ImageHistoryItem[].class);
        ImageHistoryView h = ImageHistoryView.listOf(wire(items)).get(0);
        assertEquals(List.of("sha256:1", 5L, "ADD x", 623L, "c"),
                List.of(h.id(), h.created(), h.createdBy(), h.size(), h.comment()));
    }

    @Test
    void removalAndPrune() throws Exception {
        List<ImageDeleteView> rm = ImageDeleteView.listOf(wire(List.of(new ImageDeleteResponseItem("a:1", null),
                new ImageDeleteResponseItem(null, "sha256:1"))));
        assertEquals(List.of(true, "a:1", false), List.of(rm.get(0).hasUntagged(), rm.get(0).untagged(),
                rm.get(0).hasDeleted()));
        assertEquals(List.of(false, true, "sha256:1"), List.of(rm.get(1).hasUntagged(), rm.get(1).hasDeleted(),
                rm.get(1).deleted()));
        ImagePruneView prune = new ImagePruneView(wire(new ImagePruneResponse(
                List.of(new ImageDeleteResponseItem("a:1", null)), 99)));
        assertEquals(1, prune.imagesDeleted().size());
        assertEquals(99, prune.spaceReclaimed());
        assertEquals(List.of(), new ImagePruneView(wire(new ImagePruneResponse(null, 0))).imagesDeleted());
    }
}
