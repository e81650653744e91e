package dev.jdock.daemon.e2e;

import static dev.jdock.daemon.e2e.DockerJava.BUSYBOX;
import static dev.jdock.daemon.e2e.DockerJava.poll;
import static dev.jdock.daemon.e2e.DockerJava.unique;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.HealthState;
import com.github.dockerjava.api.command.HealthStateLog;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectExecResponse;
import com.github.dockerjava.api.command.TopContainerResponse;
import com.github.dockerjava.api.command.WaitContainerResultCallback;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Event;
import com.github.dockerjava.api.model.HealthCheck;
import com.github.dockerjava.api.model.HostConfig;

import com.github.dockerjava.api.model.Statistics;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Version;
import com.github.dockerjava.api.model.Volume;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * docker-java's commands the way its users and Testcontainers call them, against a running daemon (see
 * {@link DockerJava}): set-up, the container's life, the streams and the teardown Testcontainers does. Error statuses
 * and messages are in {@link DockerJavaErrorsE2EIT}; explicit API versions in {@link DockerJavaVersionsE2EIT}.
 */
@Tag("root")
class DockerJavaE2EIT {
    /** PID 1 traps TERM so that stop is quick and exits 0; {@code wait $!} returns at once on the signal. */
    private static final String SERVE = "trap 'echo bye; exit 0' TERM; echo out-line; echo err-line >&2; "
            + "while :; do sleep 30 & wait $!; done";
    private static DockerClient docker;

    @BeforeAll
    static void connect() {
        docker = DockerJava.client(null);
        docker.pingCmd().exec();
    }

    @AfterAll
    static void close() throws IOException {
        if (docker != null) {
            docker.close();
        }
    }

    @Test
    void versionInfo_andABoundedEventStream() throws Exception {
        Version v = docker.versionCmd().exec();
        assertTrue(v.getApiVersion().matches("1\\.\\d+"), v.getApiVersion());
        assertNotNull(v.getVersion());
        assertEquals("linux", v.getOperatingSystem());
        assertNotNull(v.getKernelVersion());
        var info = docker.infoCmd().exec();
        assertTrue(info.getNCPU() > 0 && info.getMemTotal() > 0, "NCPU and MemTotal");
        assertEquals(v.getVersion(), info.getServerVersion());
        assertTrue(info.getImages() >= 1, "images counted");

        long since = System.currentTimeMillis() / 1000 - 1;
        String id = docker.createContainerCmd(BUSYBOX).withCmd("true").withName(unique("dj-ev")).exec().getId();
        docker.startContainerCmd(id).exec();
        assertEquals(0, docker.waitContainerCmd(id).start().awaitStatusCode(30, TimeUnit.SECONDS));
        docker.removeContainerCmd(id).exec();
        long until = System.currentTimeMillis() / 1000 + 1;
        var events = new ResultCallback.Adapter<Event>() {
            final List<String> actions = new java.util.concurrent.CopyOnWriteArrayList<>();

            @Override
            public void onNext(Event e) {
                assertEquals(id, e.getId());
                actions.add(e.getAction());
            }
        };
        docker.eventsCmd().withSince(Long.toString(since)).withUntil(Long.toString(until))
                .withContainerFilter(id).exec(events);
        assertTrue(events.awaitCompletion(30, TimeUnit.SECONDS), "events with until ends the stream");
        assertEquals(List.of("create", "start", "die", "destroy"),
                events.actions.stream().filter(a -> !a.equals("attach")).collect(Collectors.toList()));
    }

    @Test
    void container_lifecycle_streams_exec_copy_andTestcontainersTeardown() throws Exception {
        String vol = unique("dj-vol");
        String name = unique("dj-life");
        String id = docker.createContainerCmd(BUSYBOX).withName(name)
                .withCmd("sh", "-c", SERVE)
                .withEnv("GREETING=hello-dj", "EMPTY=").withLabels(Map.of("dj.e2e", "life"))
                .withWorkingDir("/tmp").withHostName("djhost").withVolumes(new Volume("/anon"))
                .withHostConfig(HostConfig.newHostConfig()
                        .withBinds(new Bind(vol, new Volume("/data")))
                        .withMemory(64L << 20).withShmSize(16L << 20).withCapAdd(Capability.NET_ADMIN)
                        .withExtraHosts("dj.example:10.1.2.3").withTmpFs(Map.of("/scratch", "size=1m"))
                        .withAutoRemove(false))
                .exec().getId();
        try {
            InspectContainerResponse created = docker.inspectContainerCmd(name).exec();
            assertEquals(id, created.getId());
            assertEquals("/" + name, created.getName());
            assertEquals("created", created.getState().getStatus());
            assertEquals(64L << 20, created.getHostConfig().getMemory());
            assertEquals(16L << 20, created.getHostConfig().getShmSize());
            // moby 25+ records the default restart policy as "no" (20.10: an empty name)
            assertEquals(DockerJava.legacy(docker) ? "" : "no", created.getHostConfig().getRestartPolicy().getName());
            assertEquals(List.of("dj.example:10.1.2.3"), List.of(created.getHostConfig().getExtraHosts()));
            assertEquals("life", created.getConfig().getLabels().get("dj.e2e"));
            assertTrue(List.of(created.getConfig().getEnv()).contains("GREETING=hello-dj"));
            assertTrue(created.getImageId().startsWith("sha256:"), created.getImageId());

            docker.startContainerCmd(id).exec();
            InspectContainerResponse running = docker.inspectContainerCmd(id).exec();
            assertTrue(running.getState().getRunning() && running.getState().getPidLong() > 0, "running with a pid");
            assertMounts(running, vol);
            poll(() -> logs(id, false).text(StreamType.STDERR).equals("err-line\n"), "err-line in the logs");

            checkLogs(id);
            checkExec(id);
            checkTopAndStats(id);
            checkCopy(id);
            checkStopKillRestart(id);
        } finally {
            // Testcontainers' teardown: remove with force and volumes (the anonymous volume goes, the named stays)
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        }
        assertTrue(docker.listContainersCmd().withShowAll(true).withIdFilter(List.of(id)).exec().isEmpty());
        assertEquals(vol, docker.inspectVolumeCmd(vol).exec().getName(), "named volume kept");
        docker.removeVolumeCmd(vol).exec();
    }

    @Test
    void health_pause_rename_update_diff_commit_attach_listFilters() throws Exception {
        String name = unique("dj-more");
        String label = unique("dj.more");
        String id = docker.createContainerCmd(BUSYBOX).withName(name).withCmd("sh", "-c", SERVE)
                .withLabels(Map.of(label, "1"))
                .withHealthcheck(new HealthCheck().withTest(List.of("CMD-SHELL", "test -f /tmp/ok"))
                        .withInterval(TimeUnit.MILLISECONDS.toNanos(100)).withTimeout(TimeUnit.SECONDS.toNanos(5))
                        .withRetries(1))
                .exec().getId();
        String image = null;
        try {
            DockerJava.Frames attached = docker.attachContainerCmd(id).withStdOut(true).withStdErr(true)
                    .withFollowStream(true).withLogs(true).exec(new DockerJava.Frames());
            docker.startContainerCmd(id).exec();
            // Testcontainers' Wait.forHealthcheck(): State.Health as docker-java parses it
            poll(() -> "unhealthy".equals(health(id).getStatus()), "unhealthy without /tmp/ok");
            assertTrue(health(id).getFailingStreak() >= 1);
            execOk(id, "touch", "/tmp/ok");
            poll(() -> "healthy".equals(health(id).getStatus()), "healthy with /tmp/ok");
            HealthStateLog last = health(id).getLog().get(health(id).getLog().size() - 1);
            assertEquals(0L, last.getExitCodeLong());
            assertNotNull(last.getStart());

            docker.pauseContainerCmd(id).exec();
            assertTrue(docker.inspectContainerCmd(id).exec().getState().getPaused());
            assertEquals("paused", docker.inspectContainerCmd(id).exec().getState().getStatus());
            docker.unpauseContainerCmd(id).exec();
            docker.renameContainerCmd(id).withName(name + "-r").exec();
            assertEquals("/" + name + "-r", docker.inspectContainerCmd(id).exec().getName());
            docker.updateContainerCmd(id).withMemory(96L << 20).withMemorySwap(-1L).exec();
            assertEquals(96L << 20, docker.inspectContainerCmd(id).exec().getHostConfig().getMemory());

            assertTrue(docker.containerDiffCmd(id).exec().stream()
                    .anyMatch(c -> c.getPath().equals("/tmp/ok") && c.getKind() == 1), "diff lists /tmp/ok added");
            String repo = unique("dj-e2e/commit");
            image = docker.commitCmd(id).withRepository(repo).withTag("c1").withAuthor("dj").exec();
            var committed = docker.inspectImageCmd(repo + ":c1").exec();
            assertEquals(image, committed.getId());
            assertEquals("dj", committed.getAuthor());
            assertEquals(List.of("sh", "-c", SERVE), List.of(committed.getConfig().getCmd()), "the container's Cmd");

            List<String> byFilters = docker.listContainersCmd().withLabelFilter(List.of(label))
                    .withStatusFilter(List.of("running")).withAncestorFilter(List.of(BUSYBOX))
                    .withNameFilter(List.of(name + "-r")).exec().stream().map(c -> c.getId()).toList();
            assertEquals(List.of(id), byFilters);
            assertTrue(docker.listContainersCmd().withLabelFilter(List.of(label)).withStatusFilter(List.of("exited"))
                    .exec().isEmpty());

            docker.stopContainerCmd(id).withTimeout(10).exec();
            assertEquals("out-line\nbye\n", attached.await().text(StreamType.STDOUT), "attach with logs, to the end");
            assertEquals("err-line\n", attached.text(StreamType.STDERR));
        } finally {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
            if (image != null) {
                docker.removeImageCmd(image).withForce(true).exec();
            }
        }
    }

    private static HealthState health(String id) {
        return docker.inspectContainerCmd(id).exec().getState().getHealth();
    }

    private static void execOk(String id, String... cmd) throws InterruptedException {
        String exec = docker.execCreateCmd(id).withCmd(cmd).withAttachStdout(true).exec().getId();
        docker.execStartCmd(exec).exec(new DockerJava.Frames()).await();
        assertEquals(0L, docker.inspectExecCmd(exec).exec().getExitCodeLong(), List.of(cmd).toString());
    }

    private static void assertMounts(InspectContainerResponse c, String vol) {
        Map<String, InspectContainerResponse.Mount> byDest = c.getMounts().stream()
                .collect(Collectors.toMap(m -> m.getDestination().getPath(), m -> m));
        assertEquals(vol, byDest.get("/data").getName());
        assertEquals("local", byDest.get("/data").getDriver());
        assertTrue(byDest.get("/data").getRW());
        assertEquals(64, byDest.get("/anon").getName().length(), "anonymous volume name");
    }

    private static DockerJava.Frames logs(String id, boolean timestamps) {
        try {
            return docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTimestamps(timestamps)
                    .exec(new DockerJava.Frames()).await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    private static void checkLogs(String id) throws Exception {
        DockerJava.Frames plain = logs(id, false);
        assertEquals("out-line\n", plain.text(StreamType.STDOUT));
        assertEquals("err-line\n", plain.text(StreamType.STDERR));
        String stamped = logs(id, true).text(StreamType.STDOUT);
        assertTrue(stamped.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{1,9}Z out-line\n"), stamped);
        DockerJava.Frames tail = docker.logContainerCmd(id).withStdOut(true).withStdErr(true).withTail(1)
                .exec(new DockerJava.Frames()).await();
        assertEquals(1, tail.frames.size(), "tail 1: " + tail.frames);
    }

    private static void checkExec(String id) throws Exception {
        String exec = docker.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true)
                .withEnv(List.of("X=from-exec")).withWorkingDir("/")
                .withCmd("sh", "-c", "echo out-$X-$GREETING-$(pwd); echo err >&2; exit 3").exec().getId();
        DockerJava.Frames f = docker.execStartCmd(exec).exec(new DockerJava.Frames()).await();
        assertEquals("out-from-exec-hello-dj-/\n", f.text(StreamType.STDOUT));
        assertEquals("err\n", f.text(StreamType.STDERR));
        InspectExecResponse done = docker.inspectExecCmd(exec).exec();
        assertFalse(done.isRunning());
        assertEquals(3L, done.getExitCodeLong());
        assertEquals(id, done.getContainerID());

        String tty = docker.execCreateCmd(id).withAttachStdout(true).withAttachStderr(true).withTty(true)
                .withCmd("sh", "-c", "echo o; echo e >&2; exit 5").exec().getId();
        DockerJava.Frames t = docker.execStartCmd(tty).withTty(true).exec(new DockerJava.Frames()).await();
        assertEquals("o\r\ne\r\n", t.text(StreamType.RAW), "one raw stream with a TTY: " + t.frames);
        assertEquals(5L, docker.inspectExecCmd(tty).exec().getExitCodeLong());
        assertTrue(docker.inspectExecCmd(tty).exec().getProcessConfig().isTty(), "ProcessConfig.tty");

        String detached = docker.execCreateCmd(id).withCmd("sh", "-c", "echo bg > /tmp/bg").exec().getId();
        docker.execStartCmd(detached).withDetach(true).exec(new DockerJava.Frames()).await();
        poll(() -> Long.valueOf(0).equals(docker.inspectExecCmd(detached).exec().getExitCodeLong()), "detached exec");
    }

    private static void checkTopAndStats(String id) throws Exception {
        TopContainerResponse top = docker.topContainerCmd(id).exec();
        assertTrue(List.of(top.getTitles()).containsAll(List.of("PID", "CMD")), List.of(top.getTitles()).toString());
        assertTrue(top.getProcesses().length >= 2, "sh and sleep listed");
        var one = new ResultCallback.Adapter<Statistics>() {
            final List<Statistics> got = new java.util.concurrent.CopyOnWriteArrayList<>();

            @Override
            public void onNext(Statistics s) {
                got.add(s);
            }
        };
        docker.statsCmd(id).withNoStream(true).exec(one);
        assertTrue(one.awaitCompletion(30, TimeUnit.SECONDS), "stream=false ends after one sample");
        assertEquals(1, one.got.size());
        Statistics s = one.got.get(0);
        assertNotNull(s.getRead());
        assertTrue(s.getMemoryStats().getUsage() > 0, "memory usage");
        assertEquals(64L << 20, s.getMemoryStats().getLimit());
        assertTrue(s.getCpuStats().getCpuUsage().getTotalUsage() > 0, "cpu usage");
        assertTrue(s.getPidsStats().getCurrent() >= 2, "pids");
    }

    private static void checkCopy(String id) throws Exception {
        // Testcontainers' copyFileToContainer: a tar with only the file, no entries for its parents
        byte[] tar = tarOf("dj/sub/a.txt", "copied-in\n");
        docker.copyArchiveToContainerCmd(id).withRemotePath("/tmp").withTarInputStream(new ByteArrayInputStream(tar))
                .exec();
        try (InputStream in = docker.copyArchiveFromContainerCmd(id, "/tmp/dj/sub/a.txt").exec();
                TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e = t.getNextEntry();
            assertEquals("a.txt", e.getName());
            assertEquals("copied-in\n", new String(t.readAllBytes(), StandardCharsets.UTF_8));
        }
        Path host = Files.createTempFile("dj-host", ".txt");
        try {
            Files.writeString(host, "from-host\n");
            docker.copyArchiveToContainerCmd(id).withHostResource(host.toString()).withRemotePath("/data").exec();
            String exec = docker.execCreateCmd(id).withAttachStdout(true)
                    .withCmd("cat", "/data/" + host.getFileName()).exec().getId();
            assertEquals("from-host\n",
                    docker.execStartCmd(exec).exec(new DockerJava.Frames()).await().text(StreamType.STDOUT));
        } finally {
            Files.deleteIfExists(host);
        }
    }

    private static void checkStopKillRestart(String id) throws Exception {
        DockerJava.Frames follow = docker.logContainerCmd(id).withStdOut(true).withFollowStream(true)
                .exec(new DockerJava.Frames());
        String startedAt = docker.inspectContainerCmd(id).exec().getState().getStartedAt();
        docker.restartContainerCmd(id).withTimeout(10).exec();
        InspectContainerResponse restarted = docker.inspectContainerCmd(id).exec();
        assertTrue(restarted.getState().getRunning(), "running after restart");
        assertNotEquals(startedAt, restarted.getState().getStartedAt());
        assertEquals("out-line\nbye\n", follow.await().text(StreamType.STDOUT), "follow ends when the process ends");

        docker.stopContainerCmd(id).withTimeout(10).exec();
        assertEquals(0, docker.waitContainerCmd(id).exec(new WaitContainerResultCallback())
                .awaitStatusCode(30, TimeUnit.SECONDS));
        assertEquals(0L, docker.inspectContainerCmd(id).exec().getState().getExitCodeLong());

        docker.startContainerCmd(id).exec();
        WaitContainerResultCallback waiting = docker.waitContainerCmd(id).exec(new WaitContainerResultCallback());
        docker.killContainerCmd(id).withSignal("KILL").exec();
        assertEquals(137, waiting.awaitStatusCode(30, TimeUnit.SECONDS));
        InspectContainerResponse killed = docker.inspectContainerCmd(id).exec();
        assertEquals("exited", killed.getState().getStatus());
        assertEquals(137L, killed.getState().getExitCodeLong());
        assertEquals("out-line\nbye\nout-line\nbye\nout-line\n", logs(id, false).text(StreamType.STDOUT));
    }

    static byte[] tarOf(String name, String content) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            byte[] data = content.getBytes(StandardCharsets.UTF_8);
            TarArchiveEntry e = new TarArchiveEntry(name);
            e.setSize(data.length);
            e.setMode(0644);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
        return out.toByteArray();
    }
}
