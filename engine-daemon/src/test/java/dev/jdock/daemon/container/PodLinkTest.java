package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.store.NameSwapper;
import dev.jdock.runtime.spec.DockerDefaults;
import dev.jdock.runtime.spec.LogSpec;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.MsFlags;
import dev.jdock.runtime.spec.NamespaceSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pod link of CRI containers: out of the Engine API's reach, kept with the record, applied to the spec. */
class PodLinkTest {
    @TempDir
    Path root;

    private static final String LINK_JSON = "{\"SandboxId\":\"s1\",\"Namespaces\":{\"net\":\"/proc/1/ns/net\"},"
            + "\"LogPath\":\"/etc/evil\",\"EtcDir\":\"/etc\"}";

    private ContainerService service(ContainerStore store) throws Exception {
        Path resolv = root.resolve("resolv.conf");
        Files.writeString(resolv, "nameserver 10.0.0.2\n");
        return new ContainerService(store, new FakeRuntime(), TestNeighbours.isolated(new FakeImages()), resolv,
                new DirectExecutor(), new ManualScheduler());
    }

    private static PodLink link() {
        return new PodLink("s1", Map.of("net", "/run/netns/s1", "ipc", "/proc/7/ns/ipc", "uts", PodLink.HOST,
                "pid", PodLink.PRIVATE), "/var/log/pods/s1/c/0.log", "/run/jd/cri/sandboxes/s1",
                "/run/jd/cri/sandboxes/s1/shm",
                new PodLink.Metadata("c", 2, "busybox", Map.of("app", "x"), Map.of("note", "y")));
    }

    @Test
    void anEngineApiCreateBody_cannotSetAPodLink_atTopLevelNorInHostConfig() throws Exception {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        store.load();
        ContainerCreateRequest req = Json.mapper().readValue("{\"Image\":\"busybox\",\"Cmd\":[\"true\"],\"PodLink\":"
                + LINK_JSON + ",\"HostConfig\":{\"PodLink\":" + LINK_JSON + "}}", ContainerCreateRequest.class);

        Container c = service(store).create("api", req);

        assertNull(c.record().podLink());
        assertTrue(service(store).podContainers().isEmpty());
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        assertNull(reloaded.get("api").record().podLink());
        assertTrue(!Files.readString(c.dir().resolve("config.json")).contains("PodLink"));
    }

    @Test
    void aPodContainer_keepsItsLink_onDisk_andThroughRenameAndUpdate() throws Exception {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        store.load();
        ContainerService service = service(store);
        Container c = service.createInPod("c_pod_ns_uid_2", ContainerCreateRequest.builder().image("busybox")
                .cmd(List.of("sleep", "1")).hostConfig(HostConfig.builder().networkMode("none").build()).build(),
                link());

        assertEquals(link(), c.record().podLink());
        assertEquals(List.of(c.id()), service.podContainers().stream().map(Container::id).toList());
        assertEquals(link(), c.record().withName("other").withHostConfig(HostConfig.builder().build()).podLink());
        ContainerStore reloaded = new ContainerStore(root.resolve("containers"));
        reloaded.load();
        assertEquals(link(), reloaded.get(c.id()).record().podLink());
    }

    /**
     * A pod's container is given the sandbox's hostname, hosts and resolv.conf (PodSpecs.etcMounts): it gets no files
     * of its own at create, and inspect names the sandbox's. An Engine API container keeps its own.
     */
    @Test
    void aPodContainer_hasNoEtcFilesOfItsOwn_inspectNamesTheSandboxs() throws Exception {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        store.load();
        ContainerService service = service(store);
        Container pod = service.createInPod("c_pod_ns_uid_3", ContainerCreateRequest.builder().image("busybox")
                .cmd(List.of("true")).hostConfig(HostConfig.builder().networkMode("none").build()).build(), link());
        Container api = service.create("api", ContainerCreateRequest.builder().image("busybox")
                .cmd(List.of("true")).build());
        for (String f : List.of("hostname", "hosts", "resolv.conf")) {
            assertTrue(!Files.exists(pod.dir().resolve(f)), f + " of the pod's container");
            assertTrue(Files.isRegularFile(api.dir().resolve(f)), f + " of the API's container");
        }
        assertEquals("/run/jd/cri/sandboxes/s1/hosts", ContainerFiles.shown(pod, "hosts"));
        assertEquals(api.dir().resolve("resolv.conf").toString(), ContainerFiles.shown(api, "resolv.conf"));
        PodLink l = link();
        Container noFiles = service.createInPod("c_pod_ns_uid_4", ContainerCreateRequest.builder().image("busybox")
                .cmd(List.of("true")).hostConfig(HostConfig.builder().networkMode("none").build()).build(),
                new PodLink(l.sandboxId(), l.namespaces(), l.logPath(), "", l.shmDir(), l.metadata()));
        assertEquals("", ContainerFiles.shown(noFiles, "hostname"), "a sandbox without files: none shown");
    }

    @Test
    void thePodsUserns_isKeptOnDisk_andIsTheSpecsJoinedUserns_recordsBeforeItHaveNone() throws Exception {
        PodLink l = link();
        UserNamespaceSpec.IdMapping ids = new UserNamespaceSpec.IdMapping(0, 131072, 65536);
        PodLink userns = new PodLink(l.sandboxId(), l.namespaces(), l.logPath(), l.etcDir(), l.shmDir(),
                l.metadata(), false, new PodLink.Userns("/proc/7/ns/user", ids, ids));
        assertEquals(userns, Json.mapper().readValue(Json.mapper().writeValueAsString(userns), PodLink.class));
        assertEquals(UserNamespaceSpec.join(Path.of("/proc/7/ns/user"), ids, ids), userns.userns().spec());
        assertNull(Json.mapper().readValue(LINK_JSON, PodLink.class).userns());
        assertThrows(IllegalArgumentException.class, () -> new PodLink.Userns("proc/7/ns/user", ids, ids));
    }

    @Test
    void theGroupsPolicy_isKeptOnDisk_andDecidesTheImagesGroups_recordsBeforeItAreMerge() throws Exception {
        PodLink l = link();
        PodLink strict = new PodLink(l.sandboxId(), l.namespaces(), l.logPath(), l.etcDir(), l.shmDir(),
                l.metadata(), true);
        assertEquals(strict, Json.mapper().readValue(Json.mapper().writeValueAsString(strict), PodLink.class));
        assertEquals(false, Json.mapper().readValue(LINK_JSON.replace("/etc/evil", "/var/log/x.log"),
                PodLink.class).strictGroups(), "a record written before the policy existed is Merge");
        assertEquals(ProcessSpec.ImageGroups.NEVER, PodSpecs.imageGroups(strict));
        assertEquals(ProcessSpec.ImageGroups.ALWAYS, PodSpecs.imageGroups(l));
        assertEquals(ProcessSpec.ImageGroups.IMPLICIT, PodSpecs.imageGroups(null), "an Engine API container");
    }

    @Test
    void theLinkRefusesWhatItMustNeverCarry() {
        assertThrows(IllegalArgumentException.class, () -> new PodLink("s", Map.of("mnt", "/proc/1/ns/mnt"), "",
                "", "", null));
        assertThrows(IllegalArgumentException.class, () -> new PodLink("s", Map.of("net", "proc/1/ns/net"), "",
                "", "", null));
        assertThrows(IllegalArgumentException.class, () -> new PodLink("s", Map.of(), "rel/0.log", "", "", null));
        assertThrows(IllegalArgumentException.class, () -> new PodLink("", Map.of(), "", "", "", null));
        assertThrows(IllegalArgumentException.class, () -> new PodLink("s", Map.of(), "", "", "shm", null));
    }

    @Test
    void namespaces_hostDropped_privateMade_pathsJoined_otherDefaultsKept() {
        List<NamespaceSpec> out = PodSpecs.namespaces(DockerDefaults.namespaces(), link());

        assertEquals(Optional.of(Path.of("/run/netns/s1")), ns(out, "net").orElseThrow().joinPath());
        assertEquals(Optional.of(Path.of("/proc/7/ns/ipc")), ns(out, "ipc").orElseThrow().joinPath());
        assertTrue(ns(out, "uts").isEmpty(), "the host's UTS namespace: no entry");
        assertEquals(NamespaceSpec.create("pid"), ns(out, "pid").orElseThrow());
        assertEquals(NamespaceSpec.create("mnt"), ns(out, "mnt").orElseThrow());
    }

    private static Optional<NamespaceSpec> ns(List<NamespaceSpec> l, String type) {
        return l.stream().filter(n -> n.type().equals(type)).findFirst();
    }

    @Test
    void thePodsFiles_areBoundWhenTheyExist_readOnlyWithAReadOnlyRoot() throws Exception {
        Path etc = Files.createDirectories(root.resolve("sandbox"));
        Files.writeString(etc.resolve("hosts"), "127.0.0.1 localhost\n");
        Files.writeString(etc.resolve("resolv.conf"), "nameserver 10.0.0.10\n");
        PodLink l = new PodLink("s1", Map.of(), "", etc.toString(), "", null);

        List<MountSpec> rw = PodSpecs.etcMounts(l, false);
        List<MountSpec> ro = PodSpecs.etcMounts(l, true);

        assertEquals(List.of("/etc/hosts", "/etc/resolv.conf"), rw.stream().map(MountSpec::destination).toList());
        assertEquals(etc.resolve("hosts").toString(), rw.get(0).source());
        assertEquals(0, rw.get(0).flags() & MsFlags.MS_RDONLY);
        assertEquals(MsFlags.MS_RDONLY, ro.get(1).flags() & MsFlags.MS_RDONLY);
        assertEquals(List.of(), PodSpecs.etcMounts(new PodLink("s1", Map.of(), "", "", "", null), false));
    }

    @Test
    void theCriLog_isAtTheLinksPath_itsDirectoryMade_orNoneWithoutAPath() {
        Path log = root.resolve("pods/ns_pod_uid/c/0.log");
        LogSpec spec = PodSpecs.log(new PodLink("s1", Map.of(), log.toString(), "", "", null));

        assertEquals("cri", spec.driver());
        assertEquals(log, spec.path());
        assertTrue(Files.isDirectory(log.getParent()));
        assertEquals("none", PodSpecs.log(new PodLink("s1", Map.of(), "", "", "", null)).driver());
    }

    /** The pod's and the container's log directories (a pod with the node's /var/log can plant links there) are
     * made without following a symlink: none is made through one, the start fails naming it. */
    @Test
    void theCriLogDirectories_areNotMadeThroughASymlink() throws Exception {
        Path host = Files.createDirectories(root.resolve("host-etc"));
        Files.createDirectories(root.resolve("pods"));
        Files.createSymbolicLink(root.resolve("pods/ns_pod_uid"), host);
        Path log = root.resolve("pods/ns_pod_uid/c/0.log");
        var e = assertThrows(dev.jdock.daemon.errors.EngineException.class,
                () -> PodSpecs.log(new PodLink("s1", Map.of(), log.toString(), "", "", null)));
        assertTrue(e.getMessage().contains("ns_pod_uid: a symbolic link"), e.getMessage());
        assertTrue(Files.notExists(host.resolve("c")), "made through the link");
        Files.delete(root.resolve("pods/ns_pod_uid"));
        Files.createDirectories(root.resolve("pods/ns_pod_uid"));
        Files.createSymbolicLink(root.resolve("pods/ns_pod_uid/c"), host);
        e = assertThrows(dev.jdock.daemon.errors.EngineException.class,
                () -> PodSpecs.log(new PodLink("s1", Map.of(), log.toString(), "", "", null)));
        assertTrue(e.getMessage().contains("c: a symbolic link"), e.getMessage());
        // above them, the node's: a symlinked pods directory is followed
        Files.move(root.resolve("pods"), root.resolve("pods-real"));
        Files.createSymbolicLink(root.resolve("pods"), root.resolve("pods-real"));
        Files.delete(root.resolve("pods/ns_pod_uid/c"));
        assertEquals("cri", PodSpecs.log(new PodLink("s1", Map.of(), log.toString(), "", "", null)).driver());
        assertTrue(Files.isDirectory(root.resolve("pods-real/ns_pod_uid/c"), java.nio.file.LinkOption.NOFOLLOW_LINKS));
    }

    /** A pod that swaps its log directory for a link to the host while the start makes the container's below it. */
    @Test
    void theCriLogDirectories_areNeverMadeThroughALinkSwappedIn() throws Exception {
        Path host = Files.createDirectories(root.resolve("host-etc"));
        Path pod = Files.createDirectories(root.resolve("pods/ns_pod_uid"));
        Path swapped = Files.createSymbolicLink(root.resolve("pods/other"), host);
        Path log = root.resolve("pods/ns_pod_uid/c/0.log");
        int made = 0;
        long swaps;
        try (NameSwapper swapper = new NameSwapper(pod, swapped)) {
            for (int i = 0; i < 2000; i++) {
                try {
                    PodSpecs.log(new PodLink("s1", Map.of(), log.toString(), "", "", null));
                    made++;
                } catch (dev.jdock.daemon.errors.EngineException e) {
                    // a link at the lookup (named "not a directory" when swapped back before it is named): no start
                    assertTrue(e.getMessage().startsWith("failed to create container log directory"), e.getMessage());
                }
                assertTrue(Files.notExists(host.resolve("c")), "made through the link, call " + i);
            }
            swaps = swapper.swaps();
        }
        assertTrue(swaps > 0, "nothing was swapped");
        assertTrue(made > 0, "never made");
    }

    @Test
    void dockerPs_hidesPodContainers_unlessAllOrALabelFilterAsks() throws Exception {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        store.load();
        ContainerService service = service(store);
        Container pod = service.createInPod("c_pod_ns_uid_0", ContainerCreateRequest.builder().image("busybox")
                .cmd(List.of("sleep", "1")).labels(Map.of("io.kubernetes.pod.name", "web")).build(), link());
        Container api = service.create("api", ContainerCreateRequest.builder().image("busybox")
                .cmd(List.of("sleep", "1")).build());
        service.start(pod);
        service.start(api);

        assertEquals(List.of("/api"), names(service.list(false, 0, Filters.empty())));
        assertEquals(List.of("/api", "/c_pod_ns_uid_0"), names(service.list(true, 0, Filters.empty())).stream()
                .sorted().toList());
        assertEquals(List.of("/c_pod_ns_uid_0"), names(service.list(false, 0,
                Filters.parse("{\"label\":[\"io.kubernetes.pod.name=web\"]}"))));
    }

    private static List<String> names(List<dev.jdock.api.types.container.ContainerSummary> l) {
        return l.stream().map(s -> s.names().get(0)).toList();
    }
}
