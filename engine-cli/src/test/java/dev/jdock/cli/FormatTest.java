package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.command.container.ListCommands;
import dev.jdock.cli.command.system.SystemCommands;
import dev.jdock.cli.format.Formats;
import dev.jdock.cli.format.JsonIndent;
import dev.jdock.cli.reply.ContainerSummaryView;
import dev.jdock.cli.reply.ImageSummaryView;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FormatTest {
    static final long NOW = 1795821823_000L; // 3 s after the canned container was created

    @Test
    void psTableLikeDocker() throws Exception {
        List<ContainerSummaryView> ps =
                ContainerSummaryView.listOf(MiniJson.parse(Train.PS.getBytes(StandardCharsets.UTF_8)));
        String expected = ""
                + "CONTAINER ID   IMAGE     COMMAND       CREATED         STATUS         PORTS                  NAMES\n"
                + "3f4e1a9c2b7d   busybox   \"sleep 300\"   3 seconds ago   Up 3 seconds   0.0.0.0:8081->80/tcp   t1\n";
        assertEquals(expected, ListCommands.renderPs(ps, false, true, false, NOW));
        assertEquals("3f4e1a9c2b7d\n", ListCommands.renderPs(ps, true, true, false, NOW));
    }

    /** docker 28's PORTS cell for dockerd's two bindings of a port (0.0.0.0 and ::), as `docker ps` printed them. */
    @Test
    void portsCell_bothFamilies_inTheDockerClisOrder() throws Exception {
        String json = "[{\"Ports\":[{\"IP\":\"::\",\"PrivatePort\":80,\"PublicPort\":32768,\"Type\":\"tcp\"},"
                + "{\"IP\":\"0.0.0.0\",\"PrivatePort\":80,\"PublicPort\":32768,\"Type\":\"tcp\"},"
                + "{\"IP\":\"::\",\"PrivatePort\":53,\"PublicPort\":32768,\"Type\":\"udp\"},"
                + "{\"IP\":\"0.0.0.0\",\"PrivatePort\":53,\"PublicPort\":32768,\"Type\":\"udp\"},"
                + "{\"IP\":\"::1\",\"PrivatePort\":81,\"PublicPort\":18082,\"Type\":\"tcp\"},"
                + "{\"IP\":\"127.0.0.1\",\"PrivatePort\":81,\"PublicPort\":18081,\"Type\":\"tcp\"}]}]";
        String cell = Formats.ports(ContainerSummaryView.listOf(MiniJson.parse(json.getBytes(StandardCharsets.UTF_8)))
                .get(0).ports());
        assertEquals("0.0.0.0:32768->53/udp, [::]:32768->53/udp, 0.0.0.0:32768->80/tcp, [::]:32768->80/tcp, "
                + "127.0.0.1:18081->81/tcp, [::1]:18082->81/tcp", cell);
        assertEquals("[::]:8080", Formats.joinHostPort("::", "8080"));
        assertEquals("0.0.0.0:8080", Formats.joinHostPort("0.0.0.0", "8080"));
    }

    @Test
    void commandIsTruncatedWithAnEllipsisAndQuoted() {
        assertEquals("sh -c 'while true; …", Formats.ellipsis("sh -c 'while true; do sleep 1; done'", 20));
        assertEquals("\"a \\\"b\\\"\"", Formats.quote("a \"b\""));
        assertEquals("a416a98b71e2", Formats.shortId("sha256:a416a98b71e224a31ee99cff8e16063554498227d2b696152a9c3e0aa65e5824"));
        assertEquals("busybox", Formats.image("busybox@sha256:abc", true));
        assertEquals("About a minute ago", Formats.ago(100, 100_000 + 90_000));
    }

    @Test
    void imagesTableLikeDocker() throws Exception {
        List<ImageSummaryView> images =
                ImageSummaryView.listOf(MiniJson.parse(Train.IMAGES.getBytes(StandardCharsets.UTF_8)));
        String expected = ""
                + "REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n"
                + "busybox      latest    a416a98b71e2   3 seconds ago   4.26MB\n";
        assertEquals(expected, ListCommands.renderImages(images, false, true, false, NOW));
        String untagged = "[{\"Id\":\"sha256:0123456789abcdef\",\"RepoTags\":null,\"RepoDigests\":null,\"Created\":"
                + "1795821820,\"Size\":862}]";
        assertEquals("REPOSITORY   TAG       IMAGE ID       CREATED         SIZE\n"
                + "<none>       <none>    0123456789ab   3 seconds ago   862B\n",
                ListCommands.renderImages(
                        ImageSummaryView.listOf(MiniJson.parse(untagged.getBytes(StandardCharsets.UTF_8))),
                        false, true, false, NOW));
    }

    @Test
    void inspectIndentsLikeGo() throws Exception {
        String doc = "{\"Id\":\"x\",\"Args\":[\"300\"],\"Labels\":{},\"Env\":[],\"Pid\":12,\"Tty\":false,\"N\":null,"
                + "\"S\":\"<a&b>\"}";
        String expected = "[\n    {\n        \"Id\": \"x\",\n        \"Args\": [\n            \"300\"\n        ],\n"
                + "        \"Labels\": {},\n        \"Env\": [],\n        \"Pid\": 12,\n        \"Tty\": false,\n"
                + "        \"N\": null,\n        \"S\": \"<a&b>\"\n    }\n]";
        assertEquals(expected, JsonIndent.array(List.of(doc.getBytes(StandardCharsets.UTF_8))));
        assertEquals(expected.replace("<a&b>", "\\u003ca\\u0026b\\u003e"),
                JsonIndent.array(List.of(doc.getBytes(StandardCharsets.UTF_8)), true));
        assertEquals("[]", JsonIndent.array(List.of()));
    }

    @Test
    void binarySizesForInfo() {
        assertEquals("23.47GiB", SystemCommands.binarySize(25_200_000_000L));
        assertEquals("512MiB", SystemCommands.binarySize(512L << 20));
    }
}
