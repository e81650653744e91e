package dev.jdock.daemon.e2e;

import static dev.jdock.daemon.e2e.DockerJava.BUSYBOX;
import static dev.jdock.daemon.e2e.DockerJava.fails;
import static dev.jdock.daemon.e2e.DockerJava.unique;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.exception.BadRequestException;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.InternalServerErrorException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.RestartPolicy;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The exception docker-java raises (from the status) and the daemon's message, for each endpoint docker-java calls.
 * jdockd reports API 1.47 (Docker 27): where moby 27's message differs from 20.10's, {@code v27(a, b)} names both and
 * the one of the daemon under test is expected (the suite also runs against Debian's dockerd 20.10).
 */
@Tag("root")
class DockerJavaErrorsE2EIT {
    private static final String NOPE = "dj-no-such-thing";
    private static DockerClient docker;
    private static boolean legacy;
    private static String running;
    private static String runningName;
    private static String created;

    @BeforeAll
    static void setUp() {
        docker = DockerJava.client(null);
        legacy = DockerJava.legacy(docker);
        runningName = unique("dj-err-run");
        running = docker.createContainerCmd(BUSYBOX).withName(runningName).withCmd("sleep", "300").exec().getId();
        docker.startContainerCmd(running).exec();
        created = docker.createContainerCmd(BUSYBOX).withName(unique("dj-err-new")).withCmd("true").exec().getId();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (docker == null) {
            return;
        }
        for (String id : new String[] {running, created}) {
            if (id != null) {
                docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            }
        }
        docker.close();
    }

    private static String v27(String moby27, String dockerd2010) {
        return legacy ? dockerd2010 : moby27;
    }

    @Test
    void missingContainer_isNotFound_onEveryContainerEndpoint() {
        String msg = "No such container: " + NOPE;
        fails(NotFoundException.class, msg, () -> docker.inspectContainerCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.startContainerCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.stopContainerCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.restartContainerCmd(NOPE).exec());
        fails(NotFoundException.class, v27("cannot kill container: ", "Cannot kill container: ") + NOPE + ": " + msg,
                () -> docker.killContainerCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.pauseContainerCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.unpauseContainerCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.removeContainerCmd(NOPE).withForce(true).exec());
        fails(NotFoundException.class, msg, () -> docker.topContainerCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.renameContainerCmd(NOPE).withName("x").exec());
        fails(NotFoundException.class, msg, () -> docker.updateContainerCmd(NOPE).withMemory(64L << 20).exec());
        fails(NotFoundException.class, msg, () -> docker.execCreateCmd(NOPE).withCmd("true").exec());
        fails(NotFoundException.class, msg, () -> docker.containerDiffCmd(NOPE).exec());
        fails(NotFoundException.class, msg, () -> docker.copyArchiveFromContainerCmd(NOPE, "/").exec());
        fails(NotFoundException.class, msg, () -> docker.copyArchiveToContainerCmd(NOPE).withRemotePath("/")
                .withTarInputStream(new ByteArrayInputStream(new byte[1024])).exec());
        fails(NotFoundException.class, msg, () -> docker.waitContainerCmd(NOPE)
                .exec(new WaitContainerResultCallback()).awaitStatusCode(10, TimeUnit.SECONDS));
        fails(NotFoundException.class, msg, () -> docker.logContainerCmd(NOPE).withStdOut(true)
                .exec(new DockerJava.Frames()).await());
    }

    @Test
    void missingImageExecNetworkVolume_areNotFound() {
        String image = "No such image: " + NOPE + ":latest";
        // Testcontainers pulls when create answers 404 for the image
        fails(NotFoundException.class, image, () -> docker.createContainerCmd(NOPE).exec());
        fails(NotFoundException.class, v27(image, "no such image: " + NOPE + ": " + image),
                () -> docker.inspectImageCmd(NOPE).exec());
        fails(NotFoundException.class, image, () -> docker.removeImageCmd(NOPE).exec());
        fails(NotFoundException.class, image, () -> docker.tagImageCmd(NOPE, "dj-e2e/x", "t").exec());
        fails(NotFoundException.class, "No such exec instance: " + NOPE, () -> docker.inspectExecCmd(NOPE).exec());
        fails(NotFoundException.class, "No such exec instance: " + NOPE,
                () -> docker.execStartCmd(NOPE).exec(new DockerJava.Frames()).await());
        String net = "network " + NOPE + " not found";
        fails(NotFoundException.class, net, () -> docker.inspectNetworkCmd().withNetworkId(NOPE).exec());
        fails(NotFoundException.class, net, () -> docker.removeNetworkCmd(NOPE).exec());
        fails(NotFoundException.class, net,
                () -> docker.connectToNetworkCmd().withNetworkId(NOPE).withContainerId(running).exec());
        // a registry that cannot be reached: Go's url.Error naming dockerd's first request, the ping of /v2/
        fails(InternalServerErrorException.class, "Get \"http://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: "
                + "connection refused", () -> docker.pullImageCmd("127.0.0.1:1/" + NOPE).withTag("latest").start()
                        .awaitCompletion(30, TimeUnit.SECONDS));
        String vol = "get " + NOPE + ": no such volume";
        fails(NotFoundException.class, vol, () -> docker.inspectVolumeCmd(NOPE).exec());
        fails(NotFoundException.class, vol, () -> docker.removeVolumeCmd(NOPE).exec());
        fails(NotFoundException.class, "Could not find the file /nope in container " + running,
                () -> docker.copyArchiveFromContainerCmd(running, "/nope").exec());
    }

    @Test
    void stateErrors_notModifiedAndConflict() {
        fails(NotModifiedException.class, () -> docker.startContainerCmd(running).exec());
        fails(NotModifiedException.class, () -> docker.stopContainerCmd(created).exec());
        String notRunning = "Container " + created + " is not running";
        String newName = docker.inspectContainerCmd(created).exec().getName().substring(1);
        fails(ConflictException.class, v27("cannot kill container: ", "Cannot kill container: ") + newName + ": "
                + notRunning, () -> docker.killContainerCmd(newName).exec());
        fails(ConflictException.class, notRunning, () -> docker.execCreateCmd(created).withCmd("true").exec());
        fails(ConflictException.class, notRunning, () -> docker.pauseContainerCmd(created).exec());
        fails(ConflictException.class, notRunning, () -> docker.topContainerCmd(created).exec());
        docker.pauseContainerCmd(running).exec();
        try {
            // named as the request named it
            fails(ConflictException.class, "Container " + runningName + " is paused, unpause the container before exec",
                    () -> docker.execCreateCmd(runningName).withCmd("true").exec());
        } finally {
            docker.unpauseContainerCmd(running).exec();
        }
        // moby answers a plain error (500) for unpausing a container that is not paused
        fails(InternalServerErrorException.class, "Container " + running + " is not paused",
                () -> docker.unpauseContainerCmd(running).exec());
        fails(ConflictException.class, v27("cannot remove container \"/" + runningName + "\": container is running: "
                + "stop the container before removing or force remove", "You cannot remove a running container "
                + running + ". Stop the container before attempting removal or force remove"),
                () -> docker.removeContainerCmd(running).exec());
        String inUse = "Conflict. The container name \"/" + runningName + "\" is already in use by container \""
                + running + "\". You have to remove (or rename) that container to be able to reuse that name.";
        fails(ConflictException.class, inUse, () -> docker.createContainerCmd(BUSYBOX).withName(runningName).exec());
        fails(ConflictException.class, "Error when allocating new name: " + inUse,
                () -> docker.renameContainerCmd(created).withName(runningName).exec());
    }

    @Test
    void badRequests() {
        fails(BadRequestException.class, "Invalid container name (bad name), only [a-zA-Z0-9][a-zA-Z0-9_.-] are "
                + "allowed", () -> docker.createContainerCmd(BUSYBOX).withName("bad name").exec());
        fails(BadRequestException.class, "Minimum memory limit allowed is 6MB", () -> docker.createContainerCmd(
                BUSYBOX).withHostConfig(HostConfig.newHostConfig().withMemory(1000L)).exec());
        fails(BadRequestException.class, v27("cannot kill container: " + runningName + ": Invalid signal: FOO",
                "Invalid signal: FOO"), () -> docker.killContainerCmd(runningName).withSignal("FOO").exec());
        fails(BadRequestException.class, "No exec command specified",
                () -> docker.execCreateCmd(running).withAttachStdout(true).exec());
        fails(BadRequestException.class, "create bad/name: \"bad/name\" includes invalid characters for a local "
                + "volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host "
                + "directory, use absolute path", () -> docker.createVolumeCmd().withName("bad/name").exec());
        fails(BadRequestException.class, "can't create 'AutoRemove' container with restart policy",
                () -> docker.createContainerCmd(BUSYBOX).withHostConfig(HostConfig.newHostConfig().withAutoRemove(true)
                        .withRestartPolicy(RestartPolicy.alwaysRestart())).exec());
        fails(BadRequestException.class, "invalid port specification: \"x1\"", () -> docker.createContainerCmd(BUSYBOX)
                .withHostConfig(HostConfig.newHostConfig().withPortBindings(
                        new PortBinding(new Ports.Binding(null, "x1"), ExposedPort.tcp(80)))).exec());
        fails(BadRequestException.class, "Interval in Healthcheck cannot be less than 1ms",
                () -> docker.createContainerCmd(BUSYBOX).withHealthcheck(new HealthCheck().withInterval(100L)).exec());
        fails(BadRequestException.class, "bad format for add-host: \"bad\"", () -> docker.createContainerCmd(BUSYBOX)
                .withHostConfig(HostConfig.newHostConfig().withExtraHosts("bad")).exec());
        fails(BadRequestException.class, "Error when allocating new name: Invalid container name (/bad name), only "
                + "[a-zA-Z0-9][a-zA-Z0-9_.-] are allowed", () -> docker.renameContainerCmd(created).withName("bad name")
                        .exec());
        String dangling = v27("invalid filter 'dangling=[maybe]'", "Invalid filter 'dangling=[maybe]'");
        fails(BadRequestException.class, dangling,
                () -> docker.listImagesCmd().withFilter("dangling", List.of("maybe")).exec());
        fails(BadRequestException.class, dangling,
                () -> docker.listVolumesCmd().withFilter("dangling", List.of("maybe")).exec());
        String invalid = v27("invalid filter 'nokey'", "Invalid filter 'nokey'");
        fails(BadRequestException.class, invalid,
                () -> docker.listContainersCmd().withFilter("nokey", List.of("x")).exec());
        fails(BadRequestException.class, invalid,
                () -> docker.listImagesCmd().withFilter("nokey", List.of("x")).exec());
        fails(BadRequestException.class, invalid,
                () -> docker.listVolumesCmd().withFilter("nokey", List.of("x")).exec());
    }

    @Test
    void volumeAndNetworkConflicts() throws Exception {
        String vol = unique("dj-err-vol");
        String net = unique("dj-err-net");
        String user = docker.createContainerCmd(BUSYBOX).withCmd("sleep", "300")
                .withHostConfig(HostConfig.newHostConfig().withBinds(new Bind(vol, new Volume("/v")))).exec().getId();
        docker.createNetworkCmd().withIpam(DockerJava.subnet()).withName(net).exec();
        try {
            fails(ConflictException.class, "remove " + vol + ": volume is in use - [" + user + "]",
                    () -> docker.removeVolumeCmd(vol).exec());
            // a plain error in moby (500); "the network" while the container is not running
            fails(InternalServerErrorException.class, "container " + user + " is not connected to the network " + net,
                    () -> docker.disconnectFromNetworkCmd().withNetworkId(net).withContainerId(user).exec());
            docker.startContainerCmd(user).exec();
            fails(InternalServerErrorException.class, "container " + user + " is not connected to network " + net,
                    () -> docker.disconnectFromNetworkCmd().withNetworkId(net).withContainerId(user).exec());
            if (legacy) {
                // dockerd 20.10 honours CheckDuplicate=false (docker-java leaves it unset): a second network
                String second = docker.createNetworkCmd().withIpam(DockerJava.subnet()).withName(net).exec().getId();
                assertTrue(second.length() == 64, second);
            } else {
                // moby 27 always refuses a duplicate name (CheckDuplicate is deprecated and ignored)
                fails(ConflictException.class, "network with name " + net + " already exists",
                        () -> docker.createNetworkCmd().withIpam(DockerJava.subnet()).withName(net).exec());
            }
        } finally {
            docker.removeContainerCmd(user).withForce(true).exec();
            for (var n : docker.listNetworksCmd().withNameFilter(net).exec()) {
                docker.removeNetworkCmd(n.getId()).exec();
            }
            docker.removeVolumeCmd(vol).exec();
        }
    }
}
