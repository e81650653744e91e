package dev.jdock.daemon.e2e;

import static dev.jdock.daemon.e2e.DockerJava.BUSYBOX;
import static dev.jdock.daemon.e2e.DockerJava.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.command.InspectVolumeResponse;
import com.github.dockerjava.api.command.PullImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.Image;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PruneType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docker-java's networks, volumes, images and prune commands against a running daemon (see {@link DockerJava}).
 * Pulls from {@code JDOCK_E2E_REGISTRY} (host:port of a plain-HTTP registry holding busybox:latest) when it is set;
 * otherwise loads /var/cache/jdock-test-images/busybox.tar (or {@code JDOCK_TEST_IMAGES}) through the load endpoint.
 */
@Tag("root")
class DockerJavaResourcesE2EIT {
    private static DockerClient docker;
    private static boolean legacy;

    @BeforeAll
    static void connect() {
        docker = DockerJava.client(null);
        legacy = DockerJava.legacy(docker);
    }

    @AfterAll
    static void close() throws IOException {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void networks_createConnectDisconnectInspectRemove() throws Exception {
        String net = unique("dj-net");
        String net2 = unique("dj-net2");
        String netId = docker.createNetworkCmd().withIpam(DockerJava.subnet()).withName(net).withDriver("bridge")
                .withLabels(Map.of("dj.e2e", net)).exec().getId();
        docker.createNetworkCmd().withIpam(DockerJava.subnet()).withName(net2).exec();
        long since = System.currentTimeMillis() / 1000 - 1;
        String id = null;
        try {
            Network n = docker.inspectNetworkCmd().withNetworkId(net).exec();
            assertEquals(netId, n.getId());
            assertEquals("bridge", n.getDriver());
            assertEquals(net, n.getLabels().get("dj.e2e"));
            assertFalse(n.getIpam().getConfig().isEmpty(), "IPAM config with a subnet");
            assertNotNull(n.getIpam().getConfig().get(0).getSubnet());
            assertEquals(List.of(netId), docker.listNetworksCmd().withFilter("label", List.of("dj.e2e=" + net)).exec()
                    .stream().map(Network::getId).toList());

            // Testcontainers' withNetwork + withNetworkAliases: NetworkMode plus aliases for that network
            id = docker.createContainerCmd(BUSYBOX).withCmd("sleep", "300").withAliases("dj-alias")
                    .withHostConfig(HostConfig.newHostConfig().withNetworkMode(net)).exec().getId();
            docker.startContainerCmd(id).exec();
            docker.connectToNetworkCmd().withNetworkId(net2).withContainerId(id)
                    .withContainerNetwork(new ContainerNetwork().withAliases("second")).exec();
            InspectContainerResponse c = docker.inspectContainerCmd(id).exec();
            Map<String, ContainerNetwork> nets = c.getNetworkSettings().getNetworks();
            assertEquals(java.util.Set.of(net, net2), nets.keySet());
            assertTrue(nets.get(net).getAliases().contains("dj-alias"), "alias: " + nets.get(net).getAliases());
            assertTrue(nets.get(net2).getAliases().contains("second"), "alias: " + nets.get(net2).getAliases());
            assertEquals(netId, nets.get(net).getNetworkID());
            assertFalse(nets.get(net).getIpAddress().isEmpty(), "an address on " + net);
            assertTrue(docker.inspectNetworkCmd().withNetworkId(net2).exec().getContainers().containsKey(id));

            docker.disconnectFromNetworkCmd().withNetworkId(net2).withContainerId(id).exec();
            assertEquals(java.util.Set.of(net),
                    docker.inspectContainerCmd(id).exec().getNetworkSettings().getNetworks().keySet());
            assertFalse(docker.inspectNetworkCmd().withNetworkId(net2).exec().getContainers().containsKey(id));
        } finally {
            if (id != null) {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            }
            docker.removeNetworkCmd(net).exec();
            docker.removeNetworkCmd(net2).exec();
        }
        // start joins net ("network connect"), the explicit connect and disconnect of net2, the forced removal
        // leaves net: each a network event naming the container
        String cid = id;
        var events = new com.github.dockerjava.api.async.ResultCallback.Adapter<Event>() {
            final List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();

            @Override
            public void onNext(Event e) {
                if (cid.equals(e.getActor().getAttributes().get("container"))) {
                    seen.add(e.getAction() + " " + e.getActor().getAttributes().get("name"));
                }
            }
        };
        docker.eventsCmd().withEventTypeFilter("network").withSince(Long.toString(since))
                .withUntil(Long.toString(System.currentTimeMillis() / 1000 + 1)).exec(events);
        assertTrue(events.awaitCompletion(30, TimeUnit.SECONDS));
        List<String> seen = new java.util.ArrayList<>();
        events.seen.forEach(x -> {
            if (seen.isEmpty() || !seen.get(seen.size() - 1).equals(x)) {
                seen.add(x); // dockerd 20.10 repeats the explicit disconnect's event
            }
        });
        assertEquals(List.of("connect " + net, "connect " + net2, "disconnect " + net2, "disconnect " + net), seen);
        DockerJava.fails(NotFoundException.class, () -> docker.inspectNetworkCmd().withNetworkId(net).exec());
    }

    @Test
    void volumes_createInspectListRemove_andPruneByLabel() throws Exception {
        String vol = unique("dj-v");
        var created = docker.createVolumeCmd().withName(vol).withDriver("local")
                .withLabels(Map.of("dj.e2e", vol)).exec();
        assertEquals(vol, created.getName());
        InspectVolumeResponse v = docker.inspectVolumeCmd(vol).exec();
        assertEquals("local", v.getDriver());
        assertEquals(vol, v.getLabels().get("dj.e2e"));
        assertTrue(v.getMountpoint().endsWith("/" + vol + "/_data"), v.getMountpoint());
        assertEquals(List.of(vol), docker.listVolumesCmd().withFilter("label", List.of("dj.e2e=" + vol)).exec()
                .getVolumes().stream().map(InspectVolumeResponse::getName).toList());
        assertTrue(docker.listVolumesCmd().withDanglingFilter(true).exec().getVolumes().stream()
                .anyMatch(x -> x.getName().equals(vol)), "an unused volume is dangling");

        // volume prune without all=true: below API 1.42 it removes every unused volume, from 1.42 only anonymous ones
        docker.pruneCmd(PruneType.VOLUMES).withLabelFilter("dj.e2e=" + vol).exec();
        boolean kept = docker.listVolumesCmd().withFilter("name", List.of(vol)).exec().getVolumes().stream()
                .anyMatch(x -> x.getName().equals(vol));
        assertEquals(!legacy, kept, "named volume kept by prune at API >= 1.42");
        if (kept) {
            docker.removeVolumeCmd(vol).exec();
        }
        DockerJava.fails(NotFoundException.class, () -> docker.inspectVolumeCmd(vol).exec());
    }

    @Test
    void images_loadOrPull_tagListInspectRemove_andPrune() throws Exception {
        String registry = System.getProperty("JDOCK_E2E_REGISTRY", System.getenv("JDOCK_E2E_REGISTRY"));
        if (registry != null && !registry.isBlank()) {
            String ref = registry + "/busybox";
            assertTrue(docker.pullImageCmd(ref).withTag("latest").exec(new PullImageResultCallback())
                    .awaitCompletion(60, TimeUnit.SECONDS), "pull ends");
            assertEquals(docker.inspectImageCmd(BUSYBOX).exec().getId(),
                    docker.inspectImageCmd(ref + ":latest").exec().getId(), "pulled the image pushed");
            docker.removeImageCmd(ref + ":latest").exec();
        } else {
            String dir = System.getenv().getOrDefault("JDOCK_TEST_IMAGES", "/var/cache/jdock-test-images");
            try (InputStream tar = Files.newInputStream(Path.of(dir, "busybox.tar"))) {
                docker.loadImageCmd(tar).exec();
            }
        }
        InspectImageResponse img = docker.inspectImageCmd(BUSYBOX).exec();
        assertTrue(img.getId().startsWith("sha256:"), img.getId());
        assertTrue(img.getRepoTags().contains(BUSYBOX), "RepoTags " + img.getRepoTags());
        assertEquals("linux", img.getOs());
        assertEquals(List.of("sh"), img.getConfig().getCmd() == null ? null : List.of(img.getConfig().getCmd()));
        assertTrue(img.getSize() > 0, "Size");
        assertEquals("layers", img.getRootFS().getType());

        try (InputStream saved = docker.saveImageCmd("busybox").withTag("latest").exec();
                TarArchiveInputStream tar = new TarArchiveInputStream(saved)) {
            boolean manifest = false;
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                manifest |= e.getName().equals("manifest.json");
            }
            assertTrue(manifest, "docker save's manifest.json in the stream");
        }

        String repo = unique("dj-e2e/bb");
        docker.tagImageCmd(BUSYBOX, repo, "t1").exec();
        docker.tagImageCmd(img.getId(), repo, "t2").exec();
        // docker-java's withImageNameFilter sends the deprecated "filter": moby 27 reads it only below API 1.41
        // (DockerJavaVersionsE2EIT), dockerd 20.10 at every version
        assertEquals(legacy ? 1 : docker.listImagesCmd().exec().size(),
                docker.listImagesCmd().withImageNameFilter(repo).exec().size());
        List<Image> byName = docker.listImagesCmd().withReferenceFilter(repo).exec();
        assertEquals(1, byName.size(), "one image under both tags");
        assertEquals(img.getId(), byName.get(0).getId());
        assertTrue(List.of(byName.get(0).getRepoTags()).containsAll(List.of(repo + ":t1", repo + ":t2")));
        assertEquals(1, docker.listImagesCmd().withReferenceFilter(repo + ":t2").exec().size());
        assertEquals(1, docker.listImagesCmd().withDanglingFilter(false).withReferenceFilter(repo + ":t1")
                .exec().size());

        docker.removeImageCmd(repo + ":t1").exec();
        assertEquals(List.of(repo + ":t2"), List.of(docker.listImagesCmd().withReferenceFilter(repo).exec()
                .get(0).getRepoTags()).stream().filter(t -> t.startsWith(repo)).toList());
        docker.removeImageCmd(repo + ":t2").exec();
        assertTrue(docker.listImagesCmd().withReferenceFilter(repo).exec().isEmpty());
        assertNotNull(docker.inspectImageCmd(BUSYBOX).exec(), "untagging keeps the image under its other tag");

        // image prune, dangling only, limited to a label nothing has: reclaims nothing and answers the shape
        assertEquals(0L, docker.pruneCmd(PruneType.IMAGES).withDangling(true)
                .withLabelFilter(unique("dj.none") + "=x").exec().getSpaceReclaimed());
    }

    @Test
    void containerAndNetworkPrune_byLabel() throws Exception {
        String label = unique("dj.prune");
        String stopped = docker.createContainerCmd(BUSYBOX).withCmd("true").withLabels(Map.of(label, "1"))
                .exec().getId();
        String running = docker.createContainerCmd(BUSYBOX).withCmd("sleep", "300").withLabels(Map.of(label, "1"))
                .exec().getId();
        docker.startContainerCmd(running).exec();
        docker.createNetworkCmd().withIpam(DockerJava.subnet()).withName(label).withLabels(Map.of(label, "1"))
                .exec();
        try {
            assertNotNull(docker.pruneCmd(PruneType.CONTAINERS).withLabelFilter(label).exec().getSpaceReclaimed());
            List<String> left = docker.listContainersCmd().withShowAll(true).withLabelFilter(List.of(label)).exec()
                    .stream().map(c -> c.getId()).toList();
            assertEquals(List.of(running), left, "the created container pruned, the running one kept");
            docker.pruneCmd(PruneType.NETWORKS).withLabelFilter(label + "=1").exec();
            assertTrue(docker.listNetworksCmd().withNameFilter(label).exec().isEmpty(), "network pruned");
        } finally {
            docker.removeContainerCmd(running).withForce(true).exec();
            if (!docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(stopped)).exec().isEmpty()) {
                docker.removeContainerCmd(stopped).withForce(true).exec();
            }
        }
    }
}
