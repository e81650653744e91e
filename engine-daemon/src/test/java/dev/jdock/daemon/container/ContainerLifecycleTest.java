package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.logging.LogFileReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerLifecycleTest {
    @TempDir
    Path root;

    private final FakeRuntime runtime = new FakeRuntime();
    private final FakeImages images = new FakeImages();
    private ContainerService service;
    private ContainerNetworking networking = new LoopbackNetworking();

    private ContainerService service() throws Exception {
        if (service == null) {
            Path resolv = root.resolve("resolv.conf");
            Files.writeString(resolv, "nameserver 127.0.0.53\nnameserver 10.0.0.2\n");
            ContainerStore store = new ContainerStore(root.resolve("containers"));
            store.load();
            service = new ContainerService(store, runtime, TestNeighbours.with(TestNeighbours.isolated(images), networking),
                    resolv, Executors.newCachedThreadPool(), new ManualScheduler());
        }
        return service;
    }

    private ContainerCreateRequest request(boolean autoRemove) {
        return ContainerCreateRequest.builder().image("busybox")
                .hostConfig(HostConfig.builder().autoRemove(autoRemove).build()).build();
    }

    @Test
    void create_unknownImage_is404AndLeavesNothing() throws Exception {
        EngineException e = assertThrows(EngineException.class,
                () -> service().create("cx", ContainerCreateRequest.builder().image("nope").build()));
        assertEquals(ErrorKind.NOT_FOUND, e.kind());
        assertTrue(service().list(true, -1, dev.jdock.daemon.api.Filters.empty()).isEmpty());
        assertFalse(service().store().nameTaken("cx"));
    }

    @Test
    void create_takesImageCmd_writesFiles_andNameIsUnique() throws Exception {
        Container c = service().create("web", request(false));
        assertEquals("sh", c.record().path());
        assertTrue(images.rootfs.contains(c.id()));
        assertEquals("nameserver 10.0.0.2\n", Files.readString(ContainerFiles.resolvConf(c)));
        assertEquals(c.id().substring(0, 12) + "\n", Files.readString(ContainerFiles.hostname(c)));
        EngineException e = assertThrows(EngineException.class, () -> service().create("web", request(false)));
        assertEquals(ErrorKind.CONFLICT, e.kind());
    }

    @Test
    void startExitWait_recordsExitCodeAndCompletesWaiters() throws Exception {
        Container c = service().create("ca", request(false));
        CompletableFuture<ContainerRunState> nextExit = service().waitFor(c, "next-exit");
        service().lifecycle().start(c);
        assertEquals(ContainerStatus.RUNNING, c.state().status());
        assertEquals(4242, c.state().pid());
        runtime.exit(c, 3);
        assertEquals(3, nextExit.get(5, TimeUnit.SECONDS).exitCode());
        assertEquals(ContainerStatus.EXITED, c.state().status());
        assertTrue(runtime.calls.contains("cleanup ca"));
        // the state survives a reload from disk
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        assertEquals(3, reloaded.get("ca").state().exitCode());
    }

    @Test
    void theExitWatch_asksTheMonitorForNoOutput_anAttachStillGetsIt() throws Exception {
        Container c = service().create("ca", request(false));
        service().lifecycle().start(c);
        List<FakeRuntime.FakeSession> watch = List.copyOf(runtime.sessions.get(c.id()));
        assertEquals(1, watch.size());
        // the log is in the file: the container's output is neither copied to jdockd nor waits for it
        assertTrue(watch.get(0).skipsOutput);
        MonitorSession attach = runtime.connect(c);
        StringBuilder got = new StringBuilder();
        attach.listen(new MonitorSession.Listener() {
            @Override
            public void output(int stream, byte[] data, int off, int len) {
                got.append(new String(data, off, len));
            }

            @Override
            public void exited(RuntimeBackend.ExitInfo exit) {
            }

            @Override
            public void disconnected() {
            }
        });
        runtime.output(c, 1, "hello");
        assertEquals("hello", got.toString());
    }

    /**
     * docker-java's attach(logs, stream) and then start, the start served first: the replay ends where the log was
     * when the live session registered, so a line the container printed meanwhile (in the live stream and in the
     * log file alike) reaches the client once. It came twice (DockerJavaE2EIT, "attach with logs, to the end").
     */
    @Test
    void attachWithLogs_aStartThatOvertakesTheReplay_showsEachLineOnce() throws Exception {
        Container c = service().create("ca", request(false));
        Path log = ContainerFiles.logPath(c);
        Files.writeString(log, jsonLine("before"));
        AttachSession.Streams stdout = new AttachSession.Streams(false, true, false, "");
        AttachSession a = service().openAttach(c, stdout, true); // registered; the 101 not yet written
        service().lifecycle().start(c);
        runtime.output(c, 1, "during\n"); // the live session has it ...
        Files.writeString(log, jsonLine("during"), java.nio.file.StandardOpenOption.APPEND); // ... the log too
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        dev.jdock.daemon.api.HijackedConnection conn = conn(got);
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        AttachRequests.replayLogs(service(), c, stdout, a.logEnd(), conn, clientGone);
        runtime.exit(c, 0);
        a.run(conn, clientGone);
        assertEquals("before\nduring\n", stdoutOf(got.toByteArray()));

        java.io.ByteArrayOutputStream all = new java.io.ByteArrayOutputStream();
        service().logs(c, new ContainerLogs.Options(true, false, false, -1, false, Optional.empty(),
                Optional.empty()), all, clientGone);
        assertEquals("before\nduring\n", stdoutOf(all.toByteArray()), "a plain logs request reads to the end");
    }

    /**
     * docker-java's attach(logs, stream) sent after a start it did not wait for: the container runs and prints while
     * the attach registers. The replay ends where the monitor's log mark says, in the output's order: a line that
     * came before the mark is replayed (not sent twice), the beginning of a line not yet ended is sent live with its
     * rest, what came after is sent live. It was lost when it came between the log's end and the live session
     * (DockerJavaE2EIT, "attach with logs, to the end": out-line missing).
     */
    @Test
    void attachWithLogs_toARunningContainer_endsTheReplayAtTheMonitorsMark() throws Exception {
        runtime.logMarks = true;
        Container c = service().create("cm", request(false));
        service().lifecycle().start(c);
        Path log = ContainerFiles.logPath(c);
        Files.writeString(log, jsonLine("before"));
        AttachSession.Streams stdout = new AttachSession.Streams(false, true, false, "");
        AttachSession a = service().openAttach(c, stdout, true);
        // printed before the monitor took the session's connection: in the log, never sent to the session
        Files.writeString(log, jsonLine("gap"), java.nio.file.StandardOpenOption.APPEND);
        runtime.output(c, 1, "early\n"); // before the mark: the monitor wrote it to the log first
        Files.writeString(log, jsonLine("early"), java.nio.file.StandardOpenOption.APPEND);
        runtime.output(c, 1, "par"); // a line not yet ended: held by the monitor, not in the log
        runtime.logMark(c, new MonitorSession.LogMark(Optional.of(LogFileReader.endOf(log)), 3, 0));
        runtime.output(c, 1, "tial\nafter\n"); // after the mark: live only (the log has it too, past the mark)
        Files.writeString(log, jsonLine("partial") + jsonLine("after"), java.nio.file.StandardOpenOption.APPEND);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        AttachRequests.replayLogs(service(), c, stdout, a.logEnd(), conn(got), clientGone);
        runtime.exit(c, 0);
        a.run(conn(got), clientGone);
        assertEquals("before\ngap\nearly\npartial\nafter\n", stdoutOf(got.toByteArray()));
    }

    /**
     * A monitor that writes no log file (driver none) answers the mark without one: nothing is replayed, and the
     * output held until the mark is all sent, in the order it came, the line begun over two chunks whole.
     */
    @Test
    void attachWithLogs_markWithoutALogFile_sendsAllTheOutputHeld() throws Exception {
        runtime.logMarks = true;
        Container c = service().create("cn", request(false));
        service().lifecycle().start(c);
        AttachSession.Streams both = new AttachSession.Streams(false, true, true, "");
        AttachSession a = service().openAttach(c, both, true);
        runtime.output(c, 1, "out ");
        runtime.output(c, 2, "err\n");
        runtime.output(c, 1, "line\n");
        runtime.logMark(c, new MonitorSession.LogMark(Optional.empty(), 0, 0));
        runtime.output(c, 1, "after\n");
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        AttachRequests.replayLogs(service(), c, both, a.logEnd(), conn(got), clientGone); // no log: nothing
        runtime.exit(c, 0);
        a.run(conn(got), clientGone);
        assertEquals("out err\nline\nafter\n", stdoutOf(got.toByteArray()));
    }

    /** The monitor went before it answered the mark: the replay reads the whole log, nothing held is sent twice. */
    @Test
    void attachWithLogs_toAContainerThatExitsBeforeTheMark_replaysTheWholeLog() throws Exception {
        runtime.logMarks = true;
        Container c = service().create("cx", request(false));
        service().lifecycle().start(c);
        Path log = ContainerFiles.logPath(c);
        AttachSession.Streams stdout = new AttachSession.Streams(false, true, false, "");
        AttachSession a = service().openAttach(c, stdout, true);
        runtime.output(c, 1, "last words\n");
        Files.writeString(log, jsonLine("first") + jsonLine("last words"));
        runtime.exit(c, 0);
        java.io.ByteArrayOutputStream got = new java.io.ByteArrayOutputStream();
        CompletableFuture<Void> clientGone = new CompletableFuture<>();
        AttachRequests.replayLogs(service(), c, stdout, a.logEnd(), conn(got), clientGone);
        a.run(conn(got), clientGone);
        assertEquals("first\nlast words\n", stdoutOf(got.toByteArray()));
    }

    private static dev.jdock.daemon.api.HijackedConnection conn(java.io.OutputStream out) {
        return new dev.jdock.daemon.api.HijackedConnection() {
            @Override
            public java.io.InputStream input() {
                return java.io.InputStream.nullInputStream();
            }

            @Override
            public java.io.OutputStream output() {
                return out;
            }

            @Override
            public void close() {
            }
        };
    }

    private static String jsonLine(String text) {
        return "{\"log\":\"" + text + "\\n\",\"stream\":\"stdout\",\"time\":\"2026-12-06T07:00:00Z\"}\n";
    }

    /** The payloads of stdcopy frames, joined. */
    private static String stdoutOf(byte[] body) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i + 8 <= body.length;) {
            int n = (body[i + 4] & 0xff) << 24 | (body[i + 5] & 0xff) << 16 | (body[i + 6] & 0xff) << 8
                    | (body[i + 7] & 0xff);
            sb.append(new String(body, i + 8, n, java.nio.charset.StandardCharsets.UTF_8));
            i += 8 + n;
        }
        return sb.toString();
    }

    @Test
    void start_running_isNotModified() throws Exception {
        Container c = service().create("ca", request(false));
        service().lifecycle().start(c);
        EngineException e = assertThrows(EngineException.class, () -> service().lifecycle().start(c));
        assertEquals(ErrorKind.NOT_MODIFIED, e.kind());
    }

    @Test
    void startFailure_recordsExitCode127() throws Exception {
        Container c = service().create("ca", request(false));
        runtime.failStart = new RuntimeBackend.StartFailedException(127,
                "exec: \"nosuch\": executable file not found in $PATH");
        EngineException e = assertThrows(EngineException.class, () -> service().lifecycle().start(c));
        assertTrue(e.getMessage().contains("executable file not found"));
        assertEquals(127, c.state().exitCode());
        // as moby: a container that never ran stays "created" (zero StartedAt) with the exit code and State.Error
        assertEquals(ContainerStatus.CREATED, c.state().status());
        // State.Error is the whole error the start answered (moby's SetError(retErr)), not the runtime's words only
        assertEquals(e.getMessage(), c.state().error());
        assertEquals("failed to create task for container: OCI runtime create failed: unable to start container "
                + "process: exec: \"nosuch\": executable file not found in $PATH: unknown", c.state().error());
        assertEquals(ContainerRunState.ZERO_TIME, c.state().startedAt());
        // the monitor is stopped and awaited before the cleanup: nothing of the failed start outlives it
        int abandon = runtime.calls.indexOf("abandon 100");
        assertTrue(abandon >= 0 && abandon < runtime.calls.indexOf("cleanup ca"), runtime.calls.toString());
    }

    @Test
    void startFailure_twiceAlike_leavesTheDiskAgreeingWithMemory() throws Exception {
        Container c = service().create("ca", request(false));
        runtime.failStart = new RuntimeBackend.StartFailedException(127, "exec: \"nosuch\": not found");
        assertThrows(EngineException.class, () -> service().lifecycle().start(c));
        ContainerRunState failed = c.state();
        // the second start writes "running" ahead of its outcome; the same failure again must replace it on disk
        assertThrows(EngineException.class, () -> service().lifecycle().start(c));
        assertEquals(failed, c.state());
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        assertEquals(failed, reloaded.get("ca").state());
    }

    @Test
    void networkFailure_abandonsTheLaunch_andCleanupErrorsNeverHideTheCause() throws Exception {
        RuntimeException portTaken = EngineException.system("Bind for 0.0.0.0:8080 failed: port is already allocated",
                null);
        networking = new FailingNetworking(portTaken);
        Container c = service().create("ca", request(true));
        runtime.failCleanup = new java.io.UncheckedIOException(new java.nio.file.NoSuchFileException("monitor.pid"));
        RuntimeException e = assertThrows(RuntimeException.class, () -> service().lifecycle().start(c));
        assertTrue(e.getMessage().contains("port is already allocated"), e.getMessage());
        assertEquals(1, e.getSuppressed().length);
        assertTrue(runtime.calls.contains("abandon 100"), runtime.calls.toString());
        assertEquals(128, c.state().exitCode());
        assertTrue(c.state().error().contains("port is already allocated"));
        // AutoRemove: the container that never ran is removed
        runtime.failCleanup = null;
        for (int i = 0; i < 100 && service().store().find("ca").isPresent(); i++) {
            Thread.sleep(20);
        }
        assertTrue(service().store().find("ca").isEmpty());
    }

    /** The network feature's seam, failing at attach (as a taken host port does) and otherwise loopback only. */
    /**
     * Each start of {@code joiner} holds the pid namespace of {@code donor} (running, pid 4242 in the fake runtime)
     * through a fake /proc; the launches' holders, in order.
     */
    private List<JoinedNamespaces> joinsOf(Container donor, String joiner) throws Exception {
        Path pid = Files.createDirectories(root.resolve("proc/4242/ns"));
        Files.writeString(pid.resolve("pid"), "donor's pid");
        Files.writeString(pid.getParent().resolve("cgroup"), "0::/jdock/" + donor.id() + "\n");
        runtime.joins = c -> {
            JoinedNamespaces j = new JoinedNamespaces(root.resolve("proc"));
            if (c.name().equals(joiner)) {
                j.open(donor, "pid", () -> EngineException.conflict("gone"));
            }
            return j;
        };
        return runtime.joined;
    }

    private static void assertAllClosed(JoinedNamespaces j) {
        assertEquals(List.of(), j.held(), "the descriptors of the donor's namespaces are closed");
    }

    @Test
    void theJoinedNamespaces_areClosedOnceTheStartIsDecided_startedOrFailed() throws Exception {
        Container donor = service().create("donor", request(false));
        service().lifecycle().start(donor);
        Container c = service().create("ca", request(false));
        List<JoinedNamespaces> joins = joinsOf(donor, "ca");
        List<dev.jdock.runtime.fs.Fd> held = new java.util.ArrayList<>();
        runtime.joins = runtime.joins.andThen(j -> {
            held.addAll(j.held());
            return j;
        });
        service().lifecycle().start(c);
        assertEquals(ContainerStatus.RUNNING, c.state().status());
        assertEquals(1, held.size(), "the launch held the donor's namespace");
        assertAllClosed(joins.get(joins.size() - 1));
        assertTrue(held.stream().noneMatch(dev.jdock.runtime.fs.Fd::isOpen));
        runtime.exit(c, 0);
        runtime.failStart = new RuntimeBackend.StartFailedException(127, "exec: \"nosuch\": not found");
        assertThrows(EngineException.class, () -> service().lifecycle().start(c));
        assertEquals(2, held.size());
        assertAllClosed(joins.get(joins.size() - 1));
        assertTrue(held.stream().noneMatch(dev.jdock.runtime.fs.Fd::isOpen), "closed after a failed START");
    }

    @Test
    void theJoinedNamespaces_areClosedWhenTheNetworkAttachFails() throws Exception {
        networking = new LoopbackNetworking() {
            @Override
            public void attach(Container c, String netns) {
                if (c.name().equals("ca")) {
                    throw EngineException.system("no more addresses", null);
                }
            }
        };
        Container donor = service().create("donor", request(false));
        service().lifecycle().start(donor);
        Container c = service().create("ca", request(false));
        List<JoinedNamespaces> joins = joinsOf(donor, "ca");
        List<dev.jdock.runtime.fs.Fd> held = new java.util.ArrayList<>();
        runtime.joins = runtime.joins.andThen(j -> {
            held.addAll(j.held());
            return j;
        });
        assertThrows(RuntimeException.class, () -> service().lifecycle().start(c));
        assertEquals(1, held.size());
        assertTrue(held.stream().noneMatch(dev.jdock.runtime.fs.Fd::isOpen), "closed after the failed attach");
        assertAllClosed(joins.get(joins.size() - 1));
    }

    private static final class FailingNetworking extends LoopbackNetworking {
        private final RuntimeException failure;

        FailingNetworking(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public void attach(Container c, String netns) {
            throw failure;
        }
    }

    @Test
    void startFailure_afterAnEarlierRun_isExited() throws Exception {
        Container c = service().create("ca", request(false));
        service().lifecycle().start(c);
        service().lifecycle().stop(c, Optional.empty(), Optional.of(0));
        runtime.failStart = new RuntimeBackend.StartFailedException(127, "exec: \"nosuch\": not found");
        assertThrows(EngineException.class, () -> service().lifecycle().start(c));
        assertEquals(ContainerStatus.EXITED, c.state().status());
        assertEquals(127, c.state().exitCode());
    }

    @Test
    void stop_sigtermIgnored_killsAfterTimeout() throws Exception {
        Container c = service().create("ca", request(false));
        service().lifecycle().start(c);
        runtime.ignoreTerm = true;
        service().lifecycle().stop(c, Optional.empty(), Optional.of(0));
        assertEquals(List.of("kill ca 15", "kill ca 9"), runtime.calls.stream().filter(s -> s.startsWith("kill"))
                .toList());
        assertEquals(137, c.state().exitCode());
    }

    @Test
    void remove_running_needsForce_andAutoRemoveCompletesRemovedWaiter() throws Exception {
        Container c = service().create("ca", request(false));
        service().lifecycle().start(c);
        EngineException e = assertThrows(EngineException.class, () -> service().lifecycle().remove(c, false));
        assertEquals(ErrorKind.CONFLICT, e.kind());
        service().lifecycle().remove(c, true);
        assertTrue(service().find("ca").isEmpty());
        assertFalse(images.rootfs.contains(c.id()));

        Container r = service().create("cr", request(true));
        CompletableFuture<ContainerRunState> removed = service().waitFor(r, "removed");
        service().lifecycle().start(r);
        runtime.exit(r, 0);
        assertEquals(0, removed.get(5, TimeUnit.SECONDS).exitCode());
        assertTrue(service().find("cr").isEmpty());
    }

    @Test
    void kill_notRunning_isConflict() throws Exception {
        Container c = service().create("ca", request(false));
        EngineException e = assertThrows(EngineException.class, () -> service().lifecycle().kill(c, 9));
        assertEquals(ErrorKind.CONFLICT, e.kind());
    }
}
