package dev.jdock.daemon.e2e;

import static dev.jdock.daemon.e2e.DockerJava.BUSYBOX;
import static dev.jdock.daemon.e2e.DockerJava.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PruneType;
import com.github.dockerjava.api.model.StreamType;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * docker-java pinned to an API version ({@code DefaultDockerClientConfig.withApiVersion}) or left unset (unversioned
 * paths: the daemon's own version): a short create/start/inspect/exec/logs/remove round, and the version-gated fields
 * and behaviours docker-java reads. A dockerd that does not serve a version (20.10 stops at 1.41) skips it.
 */
@Tag("root")
class DockerJavaVersionsE2EIT {

    @ParameterizedTest(name = "API {0}")
    @NullSource
    @ValueSource(strings = {"1.24", "1.41", "1.44", "1.47"})
    void roundTrip_atVersion(String version) throws Exception {
        try (DockerClient docker = DockerJava.client(version)) {
            String served;
            try (DockerClient latest = DockerJava.client(null)) {
                served = latest.versionCmd().exec().getApiVersion();
            }
            assumeFalse(version != null && compare(version, served) > 0, "the daemon serves up to " + served);
            String at = version == null ? served : version;
            assertEquals(served, docker.versionCmd().exec().getApiVersion(), "version reports the daemon's API");

            String name = unique("dj-ver");
            String id = docker.createContainerCmd(BUSYBOX).withName(name)
                    .withCmd("sh", "-c", "echo ready-$V; exec sleep 300").withEnv("V=" + at)
                    .withLabels(Map.of("dj.api", at))
                    .withHostConfig(HostConfig.newHostConfig().withMemory(32L << 20).withAutoRemove(true)).exec()
                    .getId();
            try {
                docker.startContainerCmd(id).exec();
                InspectContainerResponse c = docker.inspectContainerCmd(name).exec();
                assertTrue(c.getState().getRunning());
                assertEquals(32L << 20, c.getHostConfig().getMemory());
                assertEquals(at, c.getConfig().getLabels().get("dj.api"));
                // moby: below API 1.25 the client removes the container itself; AutoRemove is dropped at create
                assertEquals(compare(at, "1.25") >= 0, c.getHostConfig().getAutoRemove(), "AutoRemove at " + at);

                String exec = docker.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                        .withCmd("sh", "-c", "echo x-$V; exit 4").exec().getId();
                DockerJava.Frames f = docker.execStartCmd(exec).exec(new DockerJava.Frames()).await();
                assertEquals("x-" + at + "\n", f.text(StreamType.STDOUT));
                assertEquals(4L, docker.inspectExecCmd(exec).exec().getExitCodeLong());
                DockerJava.poll(() -> logs(docker, id).equals("ready-" + at + "\n"), "the log line at " + at);
                assertTrue(docker.listContainersCmd().withLabelFilter(Map.of("dj.api", at)).exec().stream()
                        .anyMatch(x -> x.getId().equals(id) && List.of(x.getNames()).contains("/" + name)));
                checkImageFields(docker, at);
            } finally {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            }
        }
    }

    /** Image inspect: VirtualSize until API 1.44; Container and ContainerConfig until 1.45. */
    private static void checkImageFields(DockerClient docker, String at) {
        InspectImageResponse img = docker.inspectImageCmd(BUSYBOX).exec();
        if (compare(at, "1.44") < 0) {
            assertEquals(img.getSize(), img.getVirtualSize(), "VirtualSize below 1.44");
        } else {
            assertNull(img.getVirtualSize(), "VirtualSize gone from 1.44");
        }
        if (compare(at, "1.45") < 0) {
            assertNotNull(img.getContainerConfig(), "ContainerConfig below 1.45");
        } else {
            assertNull(img.getContainerConfig(), "ContainerConfig gone from 1.45");
        }
    }

    /** The deprecated "filter" of GET /images/json (withImageNameFilter): moby 27 reads it below API 1.41 only. */
    @Test
    void imageNameFilter_honouredBelow141() throws Exception {
        String repo = unique("dj-ver/bb");
        try (DockerClient latest = DockerJava.client(null); DockerClient old = DockerJava.client("1.24");
                DockerClient at141 = DockerJava.client("1.41")) {
            latest.tagImageCmd(BUSYBOX, repo, "t").exec();
            try {
                assertEquals(1, old.listImagesCmd().withImageNameFilter(repo).exec().size());
                if (!DockerJava.legacy(latest)) {
                    assertTrue(at141.listImagesCmd().withImageNameFilter(repo).exec().size() > 1,
                            "ignored from 1.41");
                }
            } finally {
                latest.removeImageCmd(repo + ":t").exec();
            }
        }
    }

    /** Volume prune removes named volumes below API 1.42; from 1.42 only anonymous ones unless all=true. */
    @Test
    void volumePrune_namedVolumesBelow142() throws Exception {
        String vol = unique("dj-ver-v");
        try (DockerClient old = DockerJava.client("1.41")) {
            old.createVolumeCmd().withName(vol).withLabels(Map.of("dj.ver", vol)).exec();
            old.pruneCmd(PruneType.VOLUMES).withLabelFilter("dj.ver=" + vol).exec();
            assertTrue(old.listVolumesCmd().withFilter("name", List.of(vol)).exec().getVolumes().stream()
                    .noneMatch(v -> v.getName().equals(vol)), "pruned at 1.41");
        }
    }

    @Test
    void versionBelowTheMinimum_isBadRequest() throws Exception {
        try (DockerClient latest = DockerJava.client(null); DockerClient tooOld = DockerJava.client("1.23")) {
            assumeFalse(DockerJava.legacy(latest), "dockerd 20.10 serves API 1.12 and up");
            assertEquals("client version 1.23 is too old. Minimum supported API version is 1.24, please upgrade "
                    + "your client to a newer version", DockerJava.fails(BadRequestException.class,
                            () -> tooOld.inspectImageCmd(BUSYBOX).exec()));
        }
    }

    private static String logs(DockerClient docker, String id) {
        try {
            return docker.logContainerCmd(id).withStdOut(true).exec(new DockerJava.Frames()).await()
                    .text(StreamType.STDOUT);
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static int compare(String a, String b) {
        String[] x = a.split("\\.");
        String[] y = b.split("\\.");
        int c = Integer.compare(Integer.parseInt(x[0]), Integer.parseInt(y[0]));
        return c != 0 ? c : Integer.compare(Integer.parseInt(x[1]), Integer.parseInt(y[1]));
    }
}
