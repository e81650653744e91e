package dev.jdock.daemon.archive;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerPathStat;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.FilesystemChange;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.api.RouterHarness;
import dev.jdock.daemon.api.RouterHarness.Response;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.FakeContainers;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import dev.jdock.daemon.image.ImageCommitter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link ArchiveRouter} over the real server against {@link FakeContainers}, a fake archive backend and commits. */
class ArchiveRouterTest {
    private static final ContainerPathStat HOSTS = new ContainerPathStat("hosts", 12, 0644, "2024-01-01T00:00:00Z", "");
    private static final String NEW_IMAGE = "sha256:" + "cd".repeat(32);

    @TempDir
    Path dir;
    private final FakeContainers containers = new FakeContainers();
    private final FakeArchives archives = new FakeArchives();
    private final List<ImageCommitter.Request> commits = new ArrayList<>();
    private final ByteArrayOutputStream committedDiff = new ByteArrayOutputStream();
    private RuntimeException commitFailure;
    private RouterHarness api;

    @BeforeEach
    void start() throws Exception {
        containers.add("web", ContainerConfig.builder().cmd(List.of("nginx", "-g", "daemon off;")).build(),
                HostConfig.builder().build(), ContainerStatus.RUNNING);
        containers.add("idle", false, false);
        containers.add("frozen", ContainerConfig.builder().build(), HostConfig.builder().build(),
                ContainerStatus.PAUSED);
        ImageCommits images = (request, diff) -> {
            commits.add(request);
            try {
                diff.writeTo(committedDiff);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            if (commitFailure != null) {
                throw commitFailure;
            }
            return NEW_IMAGE;
        };
        api = RouterHarness.serve(dir, new ArchiveRouter(containers, images, archives));
    }

    @AfterEach
    void stop() {
        api.close();
    }

    @Test
    void head_statInTheHeader_noBody_pathRequired() {
        Response r = api.request("HEAD", "/containers/web/archive?path=%2Fetc%2Fhosts", Map.of(), null);
        assertEquals(200, r.status(), r.toString());
        assertEquals(HOSTS, ContainerPathStat.decode(r.header(ContainerPathStat.HEADER)));
        assertEquals(List.of("stat web web /etc/hosts"), archives.calls);
        assertEquals(400, api.request("HEAD", "/containers/web/archive?path=", Map.of(), null).status());
        assertEquals(404, api.request("HEAD", "/containers/nope/archive?path=/x", Map.of(), null).status());
        archives.failure = EngineException.notFound("Could not find the file /x in container web");
        assertEquals(404, api.request("HEAD", "/containers/web/archive?path=/x", Map.of(), null).status());
    }

    @Test
    void get_statHeaderThenTheTar_eventAfter_archiveClosed() {
        Response r = api.get("/containers/" + FakeContainers.id("web") + "/archive?path=/etc/hosts");
        assertEquals(200, r.status(), r.toString());
        assertEquals("application/x-tar", r.header("Content-Type"));
        assertEquals(HOSTS, ContainerPathStat.decode(r.header(ContainerPathStat.HEADER)));
        assertEquals("tar of /etc/hosts", r.text());
        RouterHarness.eventually(() -> assertEquals(List.of("archive web " + FakeContainers.id("web") + " /etc/hosts",
                "closed"), archives.calls)); // closed after the last chunk went out
        assertEquals(List.of("event web archive-path {}"), containers.calls);
    }

    @Test
    void get_errorsBeforeTheStream_areJsonBodies() {
        Response r = api.get("/containers/web/archive");
        assertEquals(400, r.status());
        assertEquals("path cannot be empty", r.message());
        archives.failure = EngineException.notFound("Could not find the file /nope in container web");
        r = api.get("/containers/web/archive?path=/nope");
        assertEquals(404, r.status());
        assertEquals("Could not find the file /nope in container web", r.message());
        assertEquals(List.of(), containers.calls, "no event for a failed copy");
    }

    @Test
    void put_flagsAndBodyPassedOn_eventAfter() {
        byte[] tar = "a tar stream".getBytes(StandardCharsets.UTF_8);
        Response r = api.request("PUT", "/containers/web/archive?path=/tmp&noOverwriteDirNonDir=1&copyUIDGID=true",
                Map.of("Content-Type", "application/x-tar"), tar);
        assertEquals(200, r.status(), r.toString());
        assertEquals(List.of("extract web web /tmp noOverwriteDirNonDir=true copyUIDGID=true"), archives.calls);
        assertArrayEquals(tar, archives.extracted.toByteArray());
        assertEquals(List.of("event web extract-to-dir {}"), containers.calls);
        archives.calls.clear();
        assertEquals(200, api.request("PUT", "/containers/web/archive?path=/tmp", Map.of(), tar).status());
        assertEquals(List.of("extract web web /tmp noOverwriteDirNonDir=false copyUIDGID=false"), archives.calls);
    }

    @Test
    void put_readOnlyRootfs_is403() {
        archives.failure = new EngineException(ErrorKind.FORBIDDEN, "container rootfs is marked read-only");
        Response r = api.request("PUT", "/containers/web/archive?path=/", Map.of(), new byte[10]);
        assertEquals(403, r.status());
        assertEquals("container rootfs is marked read-only", r.message());
        assertEquals(List.of(), containers.calls);
    }

    @Test
    void export_streamsTheTar_thenEvent() {
        Response r = api.get("/containers/web/export");
        assertEquals(200, r.status());
        assertEquals("application/octet-stream", r.header("Content-Type"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("rootfs of web", r.text());
        RouterHarness.eventually(() -> assertEquals(List.of("event web export {}"), containers.calls)); // after it
        assertEquals(404, api.get("/containers/nope/export").status());
    }

    @Test
    void changes_nullWhenNone_elsePathAndKind() {
        assertEquals("null\n", api.get("/containers/web/changes").text());
        archives.changes = List.of(new FilesystemChange("/etc", ChangesCalculator.MODIFIED),
                new FilesystemChange("/etc/new", ChangesCalculator.ADDED));
        Response r = api.get("/containers/web/changes");
        assertEquals(200, r.status());
        assertEquals("[{\"Path\":\"/etc\",\"Kind\":0},{\"Path\":\"/etc/new\",\"Kind\":1}]\n", r.text());
    }

    @Test
    void commit_queryPassedOn_runningContainerPausedAroundTheCommit_201() {
        Response r = api.post("/commit?container=web&repo=example.com/app&tag=v1&author=me&comment=hi"
                + "&changes=CMD%20%5B%22sh%22%5D%0AENV%20A%3Db&changes=EXPOSE%2080");
        assertEquals(201, r.status(), r.toString());
        assertEquals("{\"Id\":\"" + NEW_IMAGE + "\"}\n", r.text());
        ImageCommitter.Request q = commits.get(0);
        assertEquals("sha256:" + "ab".repeat(32), q.parentImageId());
        assertEquals(List.of("CMD [\"sh\"]", "ENV A=b", "EXPOSE 80"), q.changes());
        assertEquals("me", q.author());
        assertEquals("hi", q.comment());
        assertEquals("nginx -g daemon off;", q.createdBy());
        assertEquals("example.com/app", q.repo());
        assertEquals("v1", q.tag());
        assertEquals(FakeContainers.id("web"), q.containerId());
        assertEquals(List.of("nginx", "-g", "daemon off;"), q.config().cmd());
        assertEquals("diff of web", committedDiff.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("pause web",
                "event web commit {comment=hi, imageID=" + NEW_IMAGE + ", imageRef=example.com/app:v1}",
                "unpause web"), containers.calls);
    }

    @Test
    void commit_pauseOnlyWhenRunningAndAsked() {
        String[][] cases = {
            {"/commit?container=web&pause=0", "[event web commit]"},
            {"/commit?container=web&pause=false", "[event web commit]"},
            {"/commit?container=idle", "[event idle commit]"},
            {"/commit?container=frozen&pause=1", "[event frozen commit]"},
            {"/commit?container=web&pause=true", "[pause web, event web commit, unpause web]"},
        };
        for (String[] c : cases) {
            containers.calls.clear();
            assertEquals(201, api.post(c[0]).status(), c[0]);
            assertEquals(c[1], containers.calls.stream().map(s -> s.replaceAll(" \\{.*}", "")).toList().toString(),
                    c[0]);
        }
        assertEquals("{comment=, imageID=" + NEW_IMAGE + ", imageRef=}", containers.calls.get(1).split(" ", 4)[3]);
    }

    @Test
    void commit_failureStillUnpauses_noContainerIs404() {
        commitFailure = EngineException.conflict("image is being committed");
        Response r = api.post("/commit?container=web");
        assertEquals(409, r.status());
        assertEquals("image is being committed", r.message());
        assertEquals(List.of("pause web", "unpause web"), containers.calls);
        r = api.post("/commit");
        assertEquals(404, r.status());
        assertEquals("No such container: ", r.message());
        assertEquals("No such container: nope", api.post("/commit?container=nope").message());
    }

    @Test
    void unknownRoute_methodMatters() {
        Response r = api.request("POST", "/containers/web/archive?path=/", Map.of(), null);
        assertEquals(404, r.status());
        assertEquals("page not found", r.message());
        assertTrue(archives.calls.isEmpty());
    }

    /** Records each call; canned stat, tar bytes and changes; one failure to throw. */
    private static final class FakeArchives implements ArchiveBackend {
        final List<String> calls = java.util.Collections.synchronizedList(new ArrayList<>());
        final ByteArrayOutputStream extracted = new ByteArrayOutputStream();
        List<FilesystemChange> changes = List.of();
        EngineException failure;

        private void call(String line) {
            calls.add(line);
            if (failure != null) {
                throw failure;
            }
        }

        @Override
        public ContainerPathStat stat(Container c, String ref, String path) {
            call("stat " + c.name() + " " + ref + " " + path);
            return HOSTS;
        }

        @Override
        public PreparedArchive archive(Container c, String ref, String path) {
            call("archive " + c.name() + " " + ref + " " + path);
            return new PreparedArchive() {
                @Override
                public ContainerPathStat stat() {
                    return HOSTS;
                }

                @Override
                public void writeTo(OutputStream out) throws IOException {
                    out.write(("tar of " + path).getBytes(StandardCharsets.UTF_8));
                }

                @Override
                public void close() {
                    calls.add("closed");
                }
            };
        }

        @Override
        public void extract(Container c, String ref, String path, boolean noOverwriteDirNonDir, boolean copyUidGid,
                InputStream tar) throws IOException {
            call("extract " + c.name() + " " + ref + " " + path + " noOverwriteDirNonDir=" + noOverwriteDirNonDir
                    + " copyUIDGID=" + copyUidGid);
            tar.transferTo(extracted);
        }

        @Override
        public void export(Container c, OutputStream out) throws IOException {
            call("export " + c.name());
            out.write(("rootfs of " + c.name()).getBytes(StandardCharsets.UTF_8));
            calls.remove(calls.size() - 1);
        }

        @Override
        public List<FilesystemChange> changes(Container c) {
            return changes;
        }

        @Override
        public void writeLayerDiff(Container c, OutputStream out) throws IOException {
            out.write(("diff of " + c.name()).getBytes(StandardCharsets.UTF_8));
        }
    }
}
