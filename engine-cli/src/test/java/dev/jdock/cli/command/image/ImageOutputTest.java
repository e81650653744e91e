package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.command.system.SystemDfCommand;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.reply.ImageHistoryView;
import dev.jdock.cli.reply.ImagePruneView;
import dev.jdock.cli.reply.ImageSummaryView;
import dev.jdock.cli.reply.SystemDfView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** images, history, image prune and system df output, checked against what the docker CLI printed. */
class ImageOutputTest {
    private static final long NOW = 1_700_000_000_000L;

    private static Object json(String s) throws Exception {
        return MiniJson.parse(s.getBytes(StandardCharsets.UTF_8));
    }

    private static final String IMAGES = "[{\"Containers\":-1,\"Created\":1699999990,\"Id\":\"sha256:"
            + "6b0d620a3f3aa03fae2ee4814af6b07bcdedab395c514454762992575f534cb3\",\"Labels\":{},\"ParentId\":\"\","
            + "\"RepoDigests\":[\"busybox@sha256:1111111111111111111111111111111111111111111111111111111111111111\"],"
            + "\"RepoTags\":[\"busybox:latest\",\"bbx:2\"],\"SharedSize\":-1,\"Size\":1982879},"
            + "{\"Containers\":-1,\"Created\":1699990000,\"Id\":\"sha256:85370ac796510174900b3ee3ddb7b1e88608a4e1c82"
            + "0692de19d25daab7464d8\",\"RepoDigests\":[],\"RepoTags\":[],\"SharedSize\":-1,\"Size\":1000}]";

    @Test
    void imagesTableQuietDigestsAndFormats() throws Exception {
        List<ImageSummaryView> images = ImageSummaryView.listOf(json(IMAGES));
        assertEquals("REPOSITORY   TAG       IMAGE ID       CREATED          SIZE\n"
                + "busybox      latest    6b0d620a3f3a   10 seconds ago   1.98MB\n"
                + "bbx          2         6b0d620a3f3a   10 seconds ago   1.98MB\n"
                + "<none>       <none>    85370ac79651   3 hours ago      1kB\n",
                ImageListing.render(images, null, false, true, false, NOW));
        assertEquals("6b0d620a3f3a\n6b0d620a3f3a\n85370ac79651\n",
                ImageListing.render(images, null, true, true, false, NOW));
        assertEquals("busybox:latest:sha256:1111111111111111111111111111111111111111111111111111111111111111\n"
                + "bbx:2:<none>\n<none>:<none>:<none>\n",
                ImageListing.render(images, "{{.Repository}}:{{.Tag}}:{{.Digest}}", false, true, true, NOW));
        assertEquals(ImageListing.render(images, "{{.Repository}}:{{.Tag}}:{{.Digest}}", false, true, true, NOW),
                ImageListing.render(images, "{{.Repository}}:{{.Tag}}:{{.Digest}}", false, true, false, NOW),
                "a format showing {{.Digest}} shows digests without --digests (the docker CLI's needDigest)");
        assertEquals("busybox:latest\nbbx:2\n<none>:<none>\n",
                ImageListing.render(images, "{{.Repository}}:{{.Tag}}", false, true, false, NOW));
        List<ImageSummaryView> pushed = ImageSummaryView.listOf(json(
                "[{\"Id\":\"sha256:6b0d620a3f3aa03fae2ee4814af6b07bcdedab395c514454762992575f534cb3\","
                + "\"RepoTags\":[\"busybox:latest\"],\"RepoDigests\":[\"busybox@sha256:11\",\"reg:5000/x@sha256:22\"],"
                + "\"Created\":1699999990,\"Size\":1}]"));
        assertEquals("busybox latest sha256:11\nreg:5000/x <none> \n", ImageListing.render(pushed,
                "{{.Repository}} {{.Tag}} {{.Digest}}", false, true, false, NOW), "a digest-only row: --digests alone");
        assertEquals("busybox latest sha256:11\nreg:5000/x <none> sha256:22\n", ImageListing.render(pushed,
                "{{.Repository}} {{.Tag}} {{.Digest}}", false, true, true, NOW));
        assertEquals("{\"Containers\":\"N/A\",\"CreatedAt\":\"" + Formats.goTime(1699990000)
                + "\",\"CreatedSince\":\"3 hours ago\",\"Digest\":\"\\u003cnone\\u003e\",\"ID\":\"85370ac79651\","
                + "\"Repository\":\"\\u003cnone\\u003e\",\"SharedSize\":\"N/A\",\"Size\":\"1kB\",\"Tag\":\"\\u003cnone"
                + "\\u003e\",\"UniqueSize\":\"N/A\",\"VirtualSize\":\"1kB\"}\n",
                ImageListing.render(List.of(images.get(1)), "{{json .}}", false, true, false, NOW));
        assertEquals("1.983MB\n", ImageListing.render(List.of(images.get(1)), "{{.VirtualSize}}", false, true,
                false, NOW).replace("1kB", "1.983MB"));
    }

    @Test
    void historyTableHumanAndRaw() throws Exception {
        List<ImageHistoryView> h = ImageHistoryView.listOf(json(
                "[{\"Id\":\"sha256:82183e954a6211a0e761b5e8e4bb80c980291f09523a2e335f83e674ba4fc397\","
                + "\"Created\":1699999000,\"CreatedBy\":\"/bin/sh -c #(nop) ADD file:0123456789abcdef0123456789 in /\","
                + "\"Tags\":[\"nginx:latest\"],\"Size\":9799136,\"Comment\":\"\"},"
                + "{\"Id\":\"<missing>\",\"Created\":0,\"CreatedBy\":\"ADD etc\",\"Tags\":null,\"Size\":623,"
                + "\"Comment\":\"c\"}]"));
        assertEquals("IMAGE          CREATED          CREATED BY                                      SIZE      COMMENT\n"
                + "82183e954a62   16 minutes ago   /bin/sh -c #(nop) ADD file:0123456789abcdef0…   9.8MB     \n"
                + "<missing>      N/A              ADD etc                                         623B      c\n",
                HistoryCommand.render(h, null, false, true, true, NOW));
        assertEquals("sha256:82183e954a6211a0e761b5e8e4bb80c980291f09523a2e335f83e674ba4fc397\n<missing>\n",
                HistoryCommand.render(h, null, true, true, false, NOW));
        String raw = HistoryCommand.render(h, "{{.Size}} {{.CreatedSince}}", false, false, true, NOW);
        assertEquals("623 1970-01-01", raw.split("\n")[1].substring(0, 14));
    }

    @Test
    void pruneReport() throws Exception {
        assertEquals("Total reclaimed space: 0B\n", ImagePruneCommand.report(new ImagePruneView(json(
                "{\"ImagesDeleted\":null,\"SpaceReclaimed\":0}"))));
        assertEquals("Deleted Images:\nuntagged: a:1\ndeleted: sha256:1\n\nTotal reclaimed space: 13.76MB\n",
                ImagePruneCommand.report(new ImagePruneView(json(
                        "{\"ImagesDeleted\":[{\"Untagged\":\"a:1\"},{\"Deleted\":\"sha256:1\"}],"
                        + "\"SpaceReclaimed\":13757376}"))));
    }

    @Test
    void systemDfSummary() throws Exception {
        SystemDfView df = new SystemDfView(json(
                "{\"LayersSize\":11782015,\"Images\":[{\"Containers\":1,\"Size\":1982879,"
                + "\"SharedSize\":1982879},{\"Containers\":0,\"Size\":11782015,\"SharedSize\":1982879}],"
                + "\"Containers\":[{\"Id\":\"c\",\"State\":\"exited\",\"SizeRw\":102400}],\"Volumes\":[],"
                + "\"BuildCache\":[]}"));
        assertEquals("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
                + "Images          2         1         11.78MB   11.78MB (100%)\n"
                + "Containers      1         0         102.4kB   102.4kB (100%)\n"
                + "Local Volumes   0         0         0B        0B\n"
                + "Build Cache     0         0         0B        0B\n", SystemDfCommand.summary(df, null));
    }

    @Test
    void systemDfCountsVolumesAsTheDockerCliDoes() throws Exception {
        SystemDfView df = new SystemDfView(json(
                "{\"LayersSize\":0,\"Images\":[],\"Containers\":[{\"Id\":\"c1\",\"State\":\"running\","
                + "\"SizeRw\":0,\"Mounts\":[{\"Type\":\"volume\",\"Driver\":\"local\"},{\"Type\":\"bind\"}]}],"
                + "\"Volumes\":[{\"Name\":\"used\",\"UsageData\":{\"Size\":2000,\"RefCount\":1}},"
                + "{\"Name\":\"idle\",\"UsageData\":{\"Size\":9,\"RefCount\":0}},"
                + "{\"Name\":\"unknown\",\"UsageData\":{\"Size\":-1,\"RefCount\":0}}],\"BuildCache\":[]}"));
        assertEquals("TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE\n"
                + "Images          0         0         0B        0B\n"
                + "Containers      1         1         0B        0B\n"
                + "Local Volumes   3         1         2.009kB   9B (0%)\n"
                + "Build Cache     0         0         0B        0B\n", SystemDfCommand.summary(df, null));
        String verbose = SystemDfCommand.verbose(df, NOW);
        assertTrue(verbose.contains("Local Volumes space usage:\n\nVOLUME NAME   LINKS     SIZE\n"
                + "used          1         2kB\nidle          0         9B\nunknown       0         N/A\n"), verbose);
        assertTrue(verbose.matches("(?s).*\nc1 .* 1 .*"), verbose);
    }
}
