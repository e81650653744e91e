package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.jdock.api.Json;
import dev.jdock.api.types.image.ImageContainerConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.errors.EngineException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BuilderTest {
    @TempDir
    Path dir;
    private FakeBuildImages images;
    private FakeSteps steps;
    private Builder builder;
    private String busybox;

    @BeforeEach
    void setUp() {
        images = new FakeBuildImages();
        steps = new FakeSteps(images, dir);
        StepCache cache = new StepCache(dir.resolve("cache"));
        builder = new Builder(images, steps, cache, ContextSpace.onDisk(dir.resolve("contexts")),
                new CacheMounts(dir.resolve("mounts")));
        builder.boot();
        busybox = images.add("busybox", ImageContainerConfig.of(null, List.of("PATH=/bin"), List.of("sh"), null,
                null, null, null, null, null));
    }

    /** One build's messages. */
    private record Result(List<JsonNode> messages) {
        String text() {
            StringBuilder b = new StringBuilder();
            messages.stream().filter(m -> m.has("stream")).forEach(m -> b.append(m.get("stream").asText()));
            return b.toString();
        }

        String imageId() {
            return messages.stream().filter(m -> m.has("aux")).map(m -> m.get("aux").get("ID").asText())
                    .findFirst().orElse(null);
        }

        JsonNode error() {
            return messages.stream().filter(m -> m.has("errorDetail")).findFirst().orElse(null);
        }
    }

    private Result build(BuildOptions o, Map<String, String> files) throws IOException {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        BuildOutput out = new BuildOutput(() -> sink, o.quiet());
        builder.build(o, new ByteArrayInputStream(tar(files)), out, new CompletableFuture<>());
        List<JsonNode> messages = new ArrayList<>();
        for (String line : sink.toString(StandardCharsets.UTF_8).split("\n")) {
            if (!line.isEmpty()) {
                messages.add(Json.mapper().readTree(line));
            }
        }
        return new Result(messages);
    }

    private Result build(Map<String, String> files) throws IOException {
        return build(options(List.of("out:1"), Map.of()), files);
    }

    private static BuildOptions options(List<String> tags, Map<String, String> args) {
        BuildOptions d = BuildOptions.defaults();
        return new BuildOptions(BuildOptions.tags(tags), d.dockerfile(), "", args, Map.of(), "", false, false, true,
                false, false, "default", "", List.of(), List.of(), d.resources(), "");
    }

    static byte[] tar(Map<String, String> files) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(data.length);
                e.setMode(0100644);
                t.putArchiveEntry(e);
                t.write(data);
                t.closeArchiveEntry();
            }
        }
        return b.toByteArray();
    }

    private static Map<String, String> files(String dockerfile, String... more) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("Dockerfile", dockerfile);
        for (int i = 0; i < more.length; i += 2) {
            m.put(more[i], more[i + 1]);
        }
        return m;
    }

    @Test
    void metadataSteps_makeOneImageEach_withMobysHistoryAndLines() throws IOException {
        Result r = build(files("FROM busybox\nENV A=1 B=\"two words\"\nLABEL l=v\nCMD [\"sh\"]\n"));
        String text = r.text();
        assertTrue(text.startsWith("Step 1/4 : FROM busybox\n ---> " + BuildIds.shortId(busybox) + "\n"), text);
        assertTrue(text.contains("Step 2/4 : ENV A=1 B=\"two words\"\n ---> "), text);
        String id = r.imageId();
        assertTrue(text.endsWith("Successfully built " + BuildIds.shortId(id) + "\nSuccessfully tagged out:1\n"),
                text);
        ImageContainerConfig c = images.config(id).config();
        assertEquals(List.of("PATH=/bin", "A=1", "B=two words"), c.env());
        assertEquals(Map.of("l", "v"), c.labels());
        assertEquals(List.of("base busybox", "/bin/sh -c #(nop)  ENV A=1 B=two words",
                "/bin/sh -c #(nop)  LABEL l=v", "/bin/sh -c #(nop)  CMD [\"sh\"]"), images.history(id));
        assertEquals(id, images.refs.get(ImageReference.parseNamed("out:1").toString()));
        assertTrue(steps.containers.isEmpty(), "metadata steps run no container");
    }

    @Test
    void maintainer_isTheAuthorOfTheStepsThatFollow() throws IOException {
        build(files("FROM busybox\nENV A=1\nMAINTAINER Jane <j@x>\nLABEL l=v\n"));
        assertEquals(java.util.Arrays.asList(null, "Jane <j@x>", "Jane <j@x>"), images.authors);
    }

    /**
     * moby's classic builder commits each step with the stage's whole config as ContainerConfig: docker-compose 1.x
     * reads its Volumes when it recreates a service, to give the new container the old one's anonymous volumes.
     */
    @Test
    void steps_commitTheWholeConfig_asContainerConfig() throws IOException {
        Result r = build(options(List.of("out:1"), Map.of("X", "1")), files("FROM busybox\nVOLUME /anon\n"
                + "EXPOSE 80\nARG X\nRUN echo $X\nLABEL l=v\nWORKDIR /w\nCOPY f /f\n", "f", "data"));
        assertEquals(null, r.error(), r.text());
        List<String> ids = new ArrayList<>(images.containerConfigs.keySet());
        assertEquals(7, ids.size());
        var label = images.containerConfigs.get(ids.get(4));
        assertEquals(Map.of("/anon", Map.of()), label.volumes());
        assertEquals(Map.of("80/tcp", Map.of()), label.exposedPorts());
        assertEquals(Map.of("l", "v"), label.labels()); // the step's own label included
        assertEquals(List.of("/bin/sh", "-c", "#(nop) ", "LABEL l=v"), label.cmd());
        assertEquals(ids.get(3), label.image());
        var run = images.containerConfigs.get(ids.get(3));
        assertEquals(List.of("|1", "X=1", "/bin/sh", "-c", "echo $X"), run.cmd());
        assertEquals(Map.of("/anon", Map.of()), run.volumes());
        assertEquals(List.of("/bin/sh", "-c", "#(nop) WORKDIR /w"), images.containerConfigs.get(ids.get(5)).cmd());
        var copy = images.containerConfigs.get(ids.get(6));
        assertEquals(Map.of("/anon", Map.of()), copy.volumes());
        assertEquals("/w", copy.workingDir());
        assertTrue(copy.cmd().get(2).startsWith("#(nop) COPY file:"), copy.cmd().toString());
    }

    @Test
    void run_streamsOutput_commitsAndRemovesItsContainer() throws IOException {
        steps.behaviour = argv -> new FakeSteps.Outcome("hi\n", "warn\n", 0);
        Result r = build(files("FROM busybox\nRUN echo hi\n"));
        String text = r.text();
        String cid = steps.containers.keySet().iterator().next();
        assertTrue(text.contains(" ---> Running in " + cid.substring(0, 12) + "\nhi\n\u001b[91mwarn\n\u001b[0m"
                + "Removing intermediate container " + cid.substring(0, 12) + "\n"), text);
        assertEquals(List.of("/bin/sh -c echo hi"), steps.ran);
        assertEquals(List.of(cid), steps.removed);
        assertEquals(List.of(), steps.containers.get(cid).entrypoint());
        assertEquals("/bin/sh -c echo hi", images.history(r.imageId()).get(1));
    }

    @Test
    void failingRun_reportsMobysErrorWithTheExitCode_keepsTheContainer_tagsNothing() throws IOException {
        steps.behaviour = argv -> new FakeSteps.Outcome("out\n", "", 3);
        Result r = build(files("FROM busybox\nRUN echo out; exit 3\n"));
        JsonNode err = r.error();
        assertEquals("The command '/bin/sh -c echo out; exit 3' returned a non-zero code: 3",
                err.get("errorDetail").get("message").asText());
        assertEquals(3, err.get("errorDetail").get("code").asInt());
        assertEquals(err.get("error").asText(), err.get("errorDetail").get("message").asText());
        assertTrue(steps.removed.isEmpty(), "moby keeps a failed step's container unless forcerm");
        assertFalse(images.refs.containsKey(ImageReference.parseNamed("out:1").toString()));
    }

    @Test
    void failingRun_withForcerm_removesItsContainer_andRmFalseKeepsGoodOnes() throws IOException {
        BuildOptions o = options(List.of(), Map.of());
        steps.behaviour = argv -> new FakeSteps.Outcome("", "", 3);
        build(new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), Map.of(), "", false, false, true, true, false,
                "default", "", List.of(), List.of(), o.resources(), ""), files("FROM busybox\nRUN false\n"));
        assertEquals(1, steps.removed.size(), "forcerm removes the failed step's container");
        steps.behaviour = argv -> new FakeSteps.Outcome("", "", 0);
        Result kept = build(new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), Map.of(), "", true, false,
                false, false, false, "default", "", List.of(), List.of(), o.resources(), ""),
                files("FROM busybox\nRUN true\n"));
        assertEquals(1, steps.removed.size(), "rm=0 keeps the step containers");
        assertFalse(kept.text().contains("Removing intermediate container"), kept.text());
    }

    @Test
    void buildArgs_reachRunAndHistory_unusedOnesAreWarnedAbout() throws IOException {
        Result r = build(options(List.of(), Map.of("X", "1", "UNUSED", "2")),
                files("FROM busybox\nARG X\nRUN echo $X\n"));
        String cid = steps.containers.keySet().iterator().next();
        assertTrue(steps.containers.get(cid).env().contains("X=1"));
        assertEquals("|1 X=1 /bin/sh -c echo $X", images.history(r.imageId()).get(2));
        assertTrue(r.text().contains("[Warning] One or more build-args [UNUSED] were not consumed\n"), r.text());
        assertFalse(images.config(r.imageId()).config().env().contains("X=1"), "args stay out of the image");
    }

    @Test
    void variableExpansions_areBoundedForTheWholeBuild() throws IOException {
        // each line repeats the last value: 1 MiB a word at most, 16 MiB for the build (the heap held 128 MiB)
        StringBuilder df = new StringBuilder("ARG G=" + "g".repeat(60_000) + "\nARG H=" + "$G".repeat(16)
                + "\nFROM busybox\nARG A=" + "a".repeat(60_000) + "\nARG B=" + "$A".repeat(16) + "\n");
        for (int i = 0; i < 18; i++) {
            df.append("ARG C").append(i).append("=$B\n");
        }
        Result r = build(files(df + "RUN true\n"));
        assertEquals("dockerfile parse error line 21: the build's variable expansions substitute more than 16777216"
                + " characters in all", r.error().get("error").asText());
        assertTrue(steps.containers.isEmpty(), "no step ran");
        r = build(files("FROM busybox\nARG A=" + "a".repeat(60_000) + "\nARG B=" + "$A".repeat(16)
                + "\nENV C=$B$B\n"));
        assertTrue(r.error().get("error").asText().startsWith("dockerfile parse error line 4: failed to process"),
                r.error().toString());
        assertTrue(r.error().get("error").asText().endsWith("the expansion is longer than 1048576 characters"));
    }

    @Test
    void expose_badPort_failsTheStepWithMobysError() throws IOException {
        Result r = build(files("FROM busybox\nEXPOSE 70000\n"));
        assertEquals("invalid containerPort: 70000", r.error().get("error").asText());
    }

    @Test
    void envLabelExposeVolume_ofManyPairs_keepMobysOrderAndReplaceInPlace() throws IOException {
        String out = build(files("FROM busybox\nENV A=1 B=2 A=3 PATH=/x:$PATH\nLABEL l=1 m=2 l=3\n"
                + "EXPOSE 2 1 2 5-6/UDP\nVOLUME /b /a /b\nENV B=$A$B\n")).imageId();
        ImageContainerConfig c = images.config(out).config();
        assertEquals(List.of("PATH=/x:/bin", "A=3", "B=32"), c.env());
        assertEquals(List.of("l", "m"), List.copyOf(c.labels().keySet()));
        assertEquals("3", c.labels().get("l"));
        assertEquals(java.util.Set.of("2/tcp", "1/tcp", "5/udp", "6/udp"), c.exposedPorts().keySet(),
                "a range is its ports, as moby's nat.ParsePortSpecs");
        assertEquals(List.of("/b", "/a"), List.copyOf(c.volumes().keySet()));
        assertEquals(List.of("PATH=/bin"), images.config(busybox).config().env(), "the base is never changed");
    }

    @Test
    void runNetworkNone_runsTheStepWithoutNetwork_andKeysItApart() throws IOException {
        // BuildKit's RUN --network=none was parsed and ignored: the step had the build's network
        build(files("FROM busybox\nRUN --network=none echo a\nRUN echo b\nRUN --network=host echo c\n"));
        List<String> modes = steps.containers.values().stream().map(c -> c.hostConfig().networkMode()).toList();
        assertEquals(List.of("none", "bridge", "bridge"), modes, "host is an entitlement jdockd does not grant");
        build(files("FROM busybox\nRUN echo a\n"));
        assertEquals(4, steps.containers.size(), "the step without --network=none is not the cached one");
    }

    @Test
    void globalArg_choosesTheBaseImage() throws IOException {
        String alpine = images.add("alpine:3", ImageContainerConfig.empty());
        Result r = build(options(List.of(), Map.of("V", "3")), files("ARG BASE=alpine\nARG V\nFROM $BASE:$V\n"));
        assertTrue(r.text().startsWith("Step 1/3 : ARG BASE=alpine\nStep 2/3 : ARG V\nStep 3/3 : FROM $BASE:$V\n"
                + " ---> " + BuildIds.shortId(alpine) + "\n"), r.text());
        assertEquals(alpine, r.imageId());
    }

    @Test
    void secondBuild_usesTheCache_andAChangedFileMisses() throws IOException {
        Map<String, String> f = files("FROM busybox\nCOPY a.txt /x/\nRUN cat /x/a.txt\n", "a.txt", "hello");
        String first = build(f).imageId();
        int runs = steps.ran.size();
        Result again = build(f);
        assertEquals(first, again.imageId());
        assertEquals(runs, steps.ran.size(), "nothing ran again");
        assertEquals(2, again.text().split(" ---> Using cache\n", -1).length - 1, again.text());
        Result changed = build(files("FROM busybox\nCOPY a.txt /x/\nRUN cat /x/a.txt\n", "a.txt", "hello!"));
        assertFalse(changed.text().contains("Using cache"), changed.text());
        assertFalse(first.equals(changed.imageId()));
    }

    @Test
    void cacheFrom_followsAnImagesHistory_whenTheLocalCacheHasNothing() throws IOException {
        Map<String, String> f = files("FROM busybox\nENV A=1\nCOPY a.txt /a\nRUN echo built\n", "a.txt", "x");
        String built = build(f).imageId();
        images.refs.put(ImageReference.parseNamed("app:cache").toString(), built);
        int runs = steps.ran.size();
        Builder fresh = new Builder(images, steps, new StepCache(dir.resolve("other-cache")),
                ContextSpace.onDisk(dir.resolve("contexts")),
                new CacheMounts(dir.resolve("mounts")));
        fresh.boot();
        builder = fresh;
        BuildOptions o = options(List.of(), Map.of());
        BuildOptions from = new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), Map.of(), "", false, false,
                true, false, false, "default", "", List.of("app:cache", "missing:1"), List.of(), o.resources(), "");
        Result r = build(from, f);
        assertEquals(3, r.text().split(" ---> Using cache\n", -1).length - 1, r.text());
        assertEquals(runs, steps.ran.size(), "nothing ran: every step came from app:cache's layers");
        assertEquals(images.history(built), images.history(r.imageId()));
        Result changed = build(from, files("FROM busybox\nENV A=2\nCOPY a.txt /a\nRUN echo built\n", "a.txt",
                "x"));
        assertFalse(changed.text().contains("Using cache"), "a different step leaves the source's history");
    }

    @Test
    void noCache_runsEverythingAgain() throws IOException {
        Map<String, String> f = files("FROM busybox\nRUN true\n");
        build(f);
        BuildOptions o = options(List.of(), Map.of());
        BuildOptions noCache = new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), Map.of(), "", true, false,
                true, false, false, "default", "", List.of(), List.of(), o.resources(), "");
        Result r = build(noCache, f);
        assertFalse(r.text().contains("Using cache"));
        assertEquals(2, steps.ran.size());
    }

    @Test
    void copy_namesEntriesForTheirDestination_ownedAsChown() throws IOException {
        build(files("FROM busybox\nWORKDIR /app\nCOPY --chown=5:6 a.txt b.txt ./\nCOPY a.txt /one\n",
                "a.txt", "A", "b.txt", "B"));
        List<List<String>> copies = new ArrayList<>(steps.copied.values());
        assertEquals(List.of("app/a.txt 5:6 644 A", "app/b.txt 5:6 644 B"), copies.get(0));
        assertEquals(List.of("one 0:0 644 A"), copies.get(1));
    }

    @Test
    void copy_chownByName_isLookedUpInTheImage_andUnknownNamesFail() throws IOException {
        build(files("FROM busybox\nCOPY --chown=node a.txt /a\n", "a.txt", "A"));
        assertEquals(List.of("a 1000:1000 644 A"), steps.copied.values().iterator().next());
        Result r = build(files("FROM busybox\nCOPY --chown=nobody:nogroup a.txt /a\n", "a.txt", "A"));
        assertTrue(r.error().get("error").asText().contains("unable to find user"), r.text());
    }

    @Test
    void copy_writesIntoARootWithoutAContainer_andRemovesIt() throws IOException {
        build(files("FROM busybox\nCOPY a.txt /a\n", "a.txt", "A"));
        assertTrue(steps.containers.isEmpty(), "no container for a COPY");
        assertEquals(steps.roots, steps.removedRoots);
        assertEquals(1, steps.roots.size());
    }

    @Test
    void copy_ofAMissingSource_failsAsMoby() throws IOException {
        Result r = build(files("FROM busybox\nCOPY nope /x\n"));
        assertEquals("COPY failed: file not found in build context or excluded by .dockerignore: stat nope: file "
                + "does not exist", r.error().get("error").asText());
    }

    @Test
    void copy_sourcesCannotClimbOutOfTheContext() throws IOException {
        build(files("FROM busybox\nCOPY ../../a.txt /x\n", "a.txt", "inside"));
        assertEquals(List.of("x 0:0 644 inside"), steps.copied.values().iterator().next());
    }

    @Test
    void target_buildsOnlyTheStagesItNeeds() throws IOException {
        steps.behaviour = argv -> new FakeSteps.Outcome("", "", 0);
        BuildOptions o = options(List.of(), Map.of());
        BuildOptions t = new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), Map.of(), "mid", false, false,
                true, false, false, "default", "", List.of(), List.of(), o.resources(), "");
        Result r = build(t, files("FROM busybox AS base\nRUN echo base\nFROM busybox AS unused\nRUN echo unused\n"
                + "FROM base AS mid\nRUN echo mid\nFROM mid\nRUN echo last\n"));
        assertEquals(List.of("/bin/sh -c echo base", "/bin/sh -c echo mid"), steps.ran);
        assertTrue(r.text().contains("Step 4/4 : RUN echo mid"), r.text());
    }

    /** moby's history texts: EXPOSE's words as written, HEALTHCHECK's %q of the HealthConfig. */
    @Test
    void exposeAndHealthcheck_historyAsMobys() throws IOException {
        Result r = build(files("FROM busybox\nEXPOSE 80/udp 7000\nHEALTHCHECK --interval=1s --retries=3 CMD true\n"));
        assertEquals(null, r.error(), r.text());
        List<String> h = images.history(r.imageId());
        assertEquals(List.of("/bin/sh -c #(nop)  EXPOSE 7000 80/udp", "/bin/sh -c #(nop)  HEALTHCHECK "
                + "&{[\"CMD-SHELL\" \"true\"] \"1s\" \"0s\" \"0s\" \"0s\" '\\x03'}"), h.subList(1, 3));
        assertEquals(Map.of("7000/tcp", Map.of(), "80/udp", Map.of()),
                images.config(r.imageId()).config().exposedPorts());
    }

    /** created_by names the stage's shell after the step, as moby's getShell(runConfig): a SHELL step's own. */
    @Test
    void nopHistory_namesTheCurrentShell() throws IOException {
        Result r = build(files("FROM busybox\nENV A=1\nSHELL [\"/bin/sh\", \"-ec\"]\nWORKDIR /w\nCOPY f /f\n"
                + "LABEL l=v\n", "f", "data"));
        assertEquals(null, r.error(), r.text());
        List<String> h = images.history(r.imageId());
        assertEquals("/bin/sh -c #(nop)  ENV A=1", h.get(1));
        assertEquals("/bin/sh -ec #(nop)  SHELL [/bin/sh -ec]", h.get(2));
        assertEquals("/bin/sh -ec #(nop) WORKDIR /w", h.get(3));
        assertTrue(h.get(4).startsWith("/bin/sh -ec #(nop) COPY file:"), h.get(4));
        assertEquals("/bin/sh -ec #(nop)  LABEL l=v", h.get(5));
    }

    /** moby's prependEnvOnCmd sorts the build args before a RUN's command (created_by, ContainerConfig.Cmd). */
    @Test
    void runHistory_sortsTheBuildArgs() throws IOException {
        steps.behaviour = argv -> new FakeSteps.Outcome("", "", 0);
        Result r = build(files("FROM busybox\nARG ZED=1\nARG ALPHA=2\nRUN echo $ZED\n"));
        assertEquals(null, r.error(), r.text());
        assertEquals("|2 ALPHA=2 ZED=1 /bin/sh -c echo $ZED", images.history(r.imageId()).get(3));
        assertEquals(List.of("|2", "ALPHA=2", "ZED=1", "/bin/sh", "-c", "echo $ZED"),
                images.containerConfigs.get(r.imageId()).cmd());
    }

    /** moby's buildLabelOptions: a step per label, in key order, at the end of the target, never expanded. */
    @Test
    void clientLabels_areOneLiteralStepEach_atTheEndOfTheTarget() throws IOException {
        BuildOptions o = options(List.of(), Map.of());
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("z.b", "it's $HOME \\ \"q\"");
        labels.put("a", "x=1");
        BuildOptions t = new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), labels, "mid", false, false,
                true, false, false, "default", "", List.of(), List.of(), o.resources(), "");
        Result r = build(t, files("FROM busybox AS mid\nENV HOME=/h\nFROM mid\nLABEL never=1\n"));
        assertEquals(null, r.error(), r.text());
        assertTrue(r.text().contains("Step 3/4 : LABEL a=x=1\n"), r.text());
        assertTrue(r.text().contains("Step 4/4 : LABEL z.b=it's $HOME \\ \"q\"\n"), r.text());
        ImageContainerConfig c = images.config(r.imageId()).config();
        assertEquals(Map.of("a", "x=1", "z.b", "it's $HOME \\ \"q\""), c.labels());
        List<String> h = images.history(r.imageId());
        assertEquals("/bin/sh -c #(nop)  LABEL z.b=it's $HOME \\ \"q\"", h.get(h.size() - 1));
    }

    @Test
    void unknownTarget_isAnHttpError() {
        BuildOptions o = options(List.of(), Map.of());
        BuildOptions t = new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), Map.of(), "nope", false, false,
                true, false, false, "default", "", List.of(), List.of(), o.resources(), "");
        EngineException e = assertThrows(EngineException.class, () -> build(t, files("FROM busybox\n")));
        assertEquals("failed to reach build target nope in Dockerfile", e.getMessage());
    }

    /** A FIFO named Dockerfile (or .dockerignore) would block an open for reading until a writer came. */
    @Test
    @org.junit.jupiter.api.Timeout(value = 30, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aFifoInTheContext_neverBlocksTheBuild() throws IOException {
        for (String name : List.of("Dockerfile", ".dockerignore")) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
                if (!name.equals("Dockerfile")) {
                    put(t, "Dockerfile", "FROM busybox\n".getBytes(StandardCharsets.UTF_8));
                }
                t.putArchiveEntry(new TarArchiveEntry(name, TarArchiveEntry.LF_FIFO));
                t.closeArchiveEntry();
            }
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            java.util.function.Supplier<String> run = () -> {
                builder.build(options(List.of(), Map.of()), new ByteArrayInputStream(b.toByteArray()),
                        new BuildOutput(() -> sink, false), new CompletableFuture<>());
                return sink.toString(StandardCharsets.UTF_8);
            };
            if (name.equals("Dockerfile")) {
                EngineException e = assertThrows(EngineException.class, run::get);
                assertEquals("Cannot locate specified Dockerfile: Dockerfile", e.getMessage());
            } else {
                assertTrue(run.get().contains("Successfully built"), "a FIFO .dockerignore is no .dockerignore");
            }
        }
    }

    @Test
    void badDockerfile_andMissingOne_failBeforeAnyOutput() {
        EngineException e = assertThrows(EngineException.class, () -> build(files("FROM busybox\nFOO bar\n")));
        assertEquals("dockerfile parse error line 2: unknown instruction: FOO", e.getMessage());
        e = assertThrows(EngineException.class, () -> build(Map.of("other", "x")));
        assertEquals("Cannot locate specified Dockerfile: Dockerfile", e.getMessage());
    }

    @Test
    void missingBase_isPulled_andPullIsForcedWithPull() throws IOException {
        String remote = images.newId("remote");
        images.images.put(remote, FakeBuildImages.config(ImageContainerConfig.empty(), List.of()));
        images.remote.put(ImageReference.parseNamed("example.com/app:1").toString(), remote);
        Result r = build(files("FROM example.com/app:1\n"));
        assertEquals(remote, r.imageId());
        assertTrue(r.messages().stream().anyMatch(m -> m.has("status")), "the pull's progress is passed on");
        assertEquals(1, images.pulled.size());
    }

    @Test
    void quiet_sendsOnlyTheId_orTheKeptOutputAndTheError() throws IOException {
        BuildOptions o = options(List.of(), Map.of());
        BuildOptions q = new BuildOptions(o.tags(), o.dockerfile(), "", Map.of(), Map.of(), "", false, false, true,
                false, true, "default", "", List.of(), List.of(), o.resources(), "");
        Result ok = build(q, files("FROM busybox\nENV A=1\n"));
        assertEquals(1, ok.messages().size());
        assertEquals(ok.messages().get(0).get("stream").asText().trim(), images.refs.isEmpty() ? "" : ok.text().trim());
        steps.behaviour = argv -> new FakeSteps.Outcome("why\n", "", 2);
        Result failed = build(q, files("FROM busybox\nRUN false\n"));
        assertTrue(failed.text().contains("Step 2/2 : RUN false\n") && failed.text().contains("why\n"),
                failed.text());
        assertEquals(2, failed.error().get("errorDetail").get("code").asInt());
    }

    @Test
    void scratch_startsEmpty_withMobysBareArrow() throws IOException {
        Result r = build(files("FROM scratch\nCOPY f /f\n", "f", "x"));
        assertTrue(r.text().startsWith("Step 1/2 : FROM scratch\n ---> \nStep 2/2 : COPY f /f\n"), r.text());
        assertEquals(2, images.history(r.imageId()).size() + 1);
    }

    @Test
    void contexts_areRemovedAfterEveryBuild() throws IOException {
        build(files("FROM busybox\n"));
        assertThrows(EngineException.class, () -> build(files("FROM busybox\nBAD\n")));
        try (var s = Files.list(dir.resolve("contexts"))) {
            assertEquals(0, s.count());
        }
    }

    @Test
    void copyFrom_readsAnEarlierStagesFiles() throws IOException {
        build(files("FROM busybox AS b\nCOPY a.txt /out/a.txt\nFROM busybox\nCOPY --from=b /out/a.txt /final\n"
                + "COPY --from=0 /out /dir/\n", "a.txt", "built"));
        List<List<String>> copies = new ArrayList<>(steps.copied.values());
        assertEquals(List.of("final 0:0 644 built"), copies.get(1));
        assertEquals(List.of("dir/ 0:0 755", "dir/a.txt 0:0 644 built"), copies.get(2));
    }

    @Test
    void copyHeredoc_writesItsContentAsAFile() throws IOException {
        Result r = build(files("FROM busybox\nENV W=world\nCOPY <<EOF /hello.txt\nhello $W\nEOF\n"));
        assertEquals(List.of("hello.txt 0:0 644 hello world\n"), steps.copied.values().iterator().next(),
                r.text());
    }

    @Test
    void onbuildTriggers_runInTheChildBuild_andAreNotInherited() throws IOException {
        String parent = build(files("FROM busybox\nONBUILD RUN echo triggered\n")).imageId();
        assertEquals(List.of("RUN echo triggered"), images.config(parent).config().onBuild());
        images.refs.put(ImageReference.parseNamed("parent:1").toString(), parent);
        Result child = build(files("FROM parent:1\nENV X=1\n"));
        assertTrue(child.text().contains("# Executing 1 build trigger\n ---> Running in "), child.text());
        assertEquals(List.of("/bin/sh -c echo triggered"), steps.ran);
        assertTrue(images.config(child.imageId()).config().onBuild() == null);
    }

    @Test
    void dockerignore_thatExcludesTheDockerfile_dropsItFromTheContext() throws IOException {
        Result r = build(files("FROM busybox\nCOPY . /ctx/\n", ".dockerignore", "Dockerfile\n.dockerignore\n",
                "kept", "k"));
        assertEquals(List.of("ctx/kept 0:0 644 k"), steps.copied.values().iterator().next().stream()
                .filter(e -> !e.startsWith("ctx/ ")).toList(), r.text());
    }

    @Test
    void addOfALocalTar_isExtracted_withItsOwners() throws IOException {
        Map<String, String> inner = new LinkedHashMap<>();
        inner.put("app/run.sh", "echo run");
        String tarText = new String(tar(inner), StandardCharsets.ISO_8859_1);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        Map<String, String> f = files("FROM busybox\nADD app.tar /opt/\n");
        // the context holds the archive's bytes
        byte[] ctx = tarWithBinary(f, "app.tar", tarText.getBytes(StandardCharsets.ISO_8859_1));
        BuildOutput out = new BuildOutput(() -> sink, false);
        builder.build(options(List.of(), Map.of()), new ByteArrayInputStream(ctx), out, new CompletableFuture<>());
        List<String> entries = steps.copied.values().iterator().next();
        assertEquals(List.of("opt/ 0:0 755", "/opt//app/run.sh archive echo run"), entries,
                sink.toString(StandardCharsets.UTF_8));
    }

    @Test
    void addOfAUrl_downloadsTheFile_mode0600() throws Exception {
        com.sun.net.httpserver.HttpServer http = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        http.createContext("/files/tool.sh", ex -> {
            byte[] b = "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, b.length);
            ex.getResponseBody().write(b);
            ex.close();
        });
        http.start();
        try {
            String url = "http://127.0.0.1:" + http.getAddress().getPort() + "/files/tool.sh";
            Result r = build(files("FROM busybox\nADD " + url + " /usr/bin/\n"));
            assertEquals(List.of("usr/bin/tool.sh 0:0 600 #!/bin/sh\n"), steps.copied.values().iterator().next(),
                    r.text());
            String sum = "sha256:" + java.util.HexFormat.of().formatHex(java.security.MessageDigest
                    .getInstance("SHA-256").digest("#!/bin/sh\n".getBytes(StandardCharsets.UTF_8)));
            Result ok = build(files("FROM busybox\nADD --checksum=" + sum + " " + url + " /tool\n"));
            assertTrue(ok.error() == null, ok.text());
            Result bad = build(files("FROM busybox\nADD --checksum=sha256:" + "0".repeat(64) + " " + url + " /t\n"));
            assertTrue(bad.error().get("error").asText().startsWith("digest mismatch"), bad.text());
            String missingUrl = "http://127.0.0.1:" + http.getAddress().getPort() + "/nope";
            Result missing = build(files("FROM busybox\nADD " + missingUrl + " /x\n"));
            assertTrue(missing.error().get("error").asText().contains("404"), missing.text());
        } finally {
            http.stop(0);
        }
    }

    @Test
    @org.junit.jupiter.api.Timeout(60) // before the fix: the build waited for good
    void addOfAUrl_thatStalls_isGivenUpWhenTheClientGoes() throws Exception {
        // a server that sends its headers, a little of the body, then nothing: the build, its thread and its
        // context stayed after the client left, and the same for one that never answers
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try (dev.jdock.daemon.image.StallingHttpServer http = new dev.jdock.daemon.image.StallingHttpServer()) {
            CompletableFuture<Void> cancel = new CompletableFuture<>();
            List<java.util.concurrent.Future<?>> builds = new ArrayList<>();
            for (String path : List.of("/body", "/head")) {
                String url = http.url(path + "/f");
                byte[] ctx = tar(files("FROM busybox\nADD " + url + " /f\n"));
                builds.add(pool.submit(() -> {
                    builder.build(options(List.of(), Map.of()), new ByteArrayInputStream(ctx),
                            new BuildOutput(ByteArrayOutputStream::new, false), cancel);
                    return null;
                }));
            }
            assertTrue(http.awaitStalled(2), "both downloads reached their server");
            cancel.complete(null);
            for (java.util.concurrent.Future<?> b : builds) {
                b.get(); // returns: the downloads were given up
            }
            assertTrue(steps.copied.isEmpty(), "nothing was added");
            try (var left = Files.list(dir.resolve("contexts"))) {
                assertEquals(0, left.count(), "the contexts are gone");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static byte[] tarWithBinary(Map<String, String> files, String name, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            for (Map.Entry<String, String> f : files.entrySet()) {
                put(t, f.getKey(), f.getValue().getBytes(StandardCharsets.UTF_8));
            }
            put(t, name, data);
        }
        return b.toByteArray();
    }

    private static void put(TarArchiveOutputStream t, String name, byte[] data) throws IOException {
        TarArchiveEntry e = new TarArchiveEntry(name);
        e.setSize(data.length);
        e.setMode(0100644);
        t.putArchiveEntry(e);
        t.write(data);
        t.closeArchiveEntry();
    }

    @Test
    void runCacheMount_bindsAKeptDirectory_perId() throws IOException {
        build(files("FROM busybox\nRUN --mount=type=cache,target=/root/.cache,id=pip,mode=0700 echo a\n"
                + "RUN --mount=type=cache,target=/var/cache/apt --mount=type=tmpfs,target=/t echo b\n"));
        List<dev.jdock.api.types.container.Mount> first = new ArrayList<>(steps.containers.values()).get(0)
                .hostConfig().mounts();
        assertEquals(1, first.size());
        assertEquals("bind", first.get(0).type());
        assertEquals("/root/.cache", first.get(0).target());
        Path kept = Path.of(first.get(0).source());
        assertEquals(dir.resolve("mounts"), kept.getParent());
        assertEquals("rwx------", java.nio.file.attribute.PosixFilePermissions.toString(
                Files.getPosixFilePermissions(kept)));
        List<dev.jdock.api.types.container.Mount> second = new ArrayList<>(steps.containers.values()).get(1)
                .hostConfig().mounts();
        assertEquals(List.of("bind", "tmpfs"), second.stream().map(dev.jdock.api.types.container.Mount::type)
                .toList());
        Result secret = build(files("FROM busybox\nRUN --mount=type=secret,id=x echo c\n"));
        assertTrue(secret.error().get("error").asText().contains("type=secret is not supported"), secret.text());
    }

    @Test
    void runBindMount_ofTheContext_isReadOnly_andItsContentIsInTheCacheKey() throws IOException {
        Map<String, String> f = files("FROM busybox\nRUN --mount=type=bind,source=src,target=/src cat /src/a\n",
                "src/a", "one");
        build(f);
        dev.jdock.api.types.container.Mount m = new ArrayList<>(steps.containers.values()).get(0).hostConfig()
                .mounts().get(0);
        assertEquals("bind", m.type());
        assertEquals("/src", m.target());
        assertEquals(Boolean.TRUE, m.readOnly());
        assertTrue(m.source().endsWith("/c/src"), m.source());
        assertEquals(1, steps.ran.size());
        build(f);
        assertEquals(1, steps.ran.size(), "same content: cached");
        build(files("FROM busybox\nRUN --mount=type=bind,source=src,target=/src cat /src/a\n", "src/a", "two"));
        assertEquals(2, steps.ran.size(), "the bound file changed: the step runs again");
    }

    @Test
    void runBindMount_ofASymlink_followsItInsideTheContext_neverOnTheHost() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            put(t, "Dockerfile", "FROM busybox\nRUN --mount=type=bind,source=link,target=/e ls /e\n"
                    .getBytes(StandardCharsets.UTF_8));
            TarArchiveEntry link = new TarArchiveEntry("link", TarArchiveEntry.LF_SYMLINK);
            link.setLinkName("/etc");
            t.putArchiveEntry(link);
            t.closeArchiveEntry();
            put(t, "etc/inside", "context".getBytes(StandardCharsets.UTF_8));
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        builder.build(options(List.of(), Map.of()), new ByteArrayInputStream(b.toByteArray()),
                new BuildOutput(() -> sink, false), new CompletableFuture<>());
        dev.jdock.api.types.container.Mount m = steps.containers.values().iterator().next().hostConfig().mounts()
                .get(0);
        assertTrue(m.source().endsWith("/c/etc"), "the context's etc/, not the host's: " + m.source());
    }

    @Test
    void copy_ofASymlinkSource_copiesWhatItNamesInsideTheContext() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(b)) {
            put(t, "Dockerfile", ("FROM busybox\nCOPY link /x\nCOPY dirlink /d/\nCOPY abs /y\n")
                    .getBytes(StandardCharsets.UTF_8));
            put(t, "data/file", "content".getBytes(StandardCharsets.UTF_8));
            for (String[] l : new String[][] {{"link", "data/file"}, {"dirlink", "data"}, {"abs", "/data/file"}}) {
                TarArchiveEntry e = new TarArchiveEntry(l[0], TarArchiveEntry.LF_SYMLINK);
                e.setLinkName(l[1]);
                t.putArchiveEntry(e);
                t.closeArchiveEntry();
            }
        }
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        builder.build(options(List.of(), Map.of()), new ByteArrayInputStream(b.toByteArray()),
                new BuildOutput(() -> sink, false), new CompletableFuture<>());
        List<List<String>> copies = new ArrayList<>(steps.copied.values());
        assertEquals(List.of("x 0:0 644 content"), copies.get(0), sink.toString(StandardCharsets.UTF_8));
        assertEquals(List.of("d/ 0:0 755", "d/file 0:0 644 content"), copies.get(1));
        assertEquals(List.of("y 0:0 644 content"), copies.get(2), "an absolute link names the context's root");
    }

    @Test
    void runBindMount_fromAStage_isACopy() throws IOException {
        Result r = build(files("FROM busybox AS b\nCOPY a /out/a\nFROM busybox\n"
                + "RUN --mount=type=bind,from=b,source=/out,target=/in,rw cat /in/a\n", "a", "A"));
        assertTrue(r.error() == null, r.text() + r.messages());
        dev.jdock.api.types.container.Mount m = new ArrayList<>(steps.containers.values()).get(0).hostConfig()
                .mounts().get(0);
        assertEquals(null, m.readOnly());
        assertTrue(m.source().contains("/contexts/ctx-") && !m.source().contains("/c/"), m.source());
        assertFalse(Files.exists(Path.of(m.source())), "the copy is removed after the step");
    }

    @Test
    void compressedContexts_gzipBzip2XzZstd_areRead() throws IOException {
        byte[] plain = tar(files("FROM busybox\nLABEL c=1\n"));
        List<java.util.function.Function<ByteArrayOutputStream, java.io.OutputStream>> codecs = List.of(
                b -> uncheckedGzip(b),
                b -> uncheckedCompressor("bzip2", b),
                b -> uncheckedCompressor("xz", b),
                b -> uncheckedCompressor("zstd", b));
        for (var codec : codecs) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (java.io.OutputStream o = codec.apply(b)) {
                o.write(plain);
            }
            ByteArrayOutputStream sink = new ByteArrayOutputStream();
            builder.build(options(List.of(), Map.of()), new ByteArrayInputStream(b.toByteArray()),
                    new BuildOutput(() -> sink, false), new CompletableFuture<>());
            assertTrue(sink.toString(StandardCharsets.UTF_8).contains("Successfully built"),
                    sink.toString(StandardCharsets.UTF_8));
        }
    }

    private static java.io.OutputStream uncheckedGzip(ByteArrayOutputStream b) {
        try {
            return new java.util.zip.GZIPOutputStream(b);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static java.io.OutputStream uncheckedCompressor(String name, ByteArrayOutputStream b) {
        try {
            return new org.apache.commons.compress.compressors.CompressorStreamFactory()
                    .createCompressorOutputStream(name, b);
        } catch (org.apache.commons.compress.compressors.CompressorException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void independentStages_runAtTheSameTime_andReportInFileOrder() throws IOException {
        java.util.concurrent.CountDownLatch both = new java.util.concurrent.CountDownLatch(2);
        steps.behaviour = argv -> {
            String cmd = argv.get(argv.size() - 1);
            if (cmd.startsWith("echo stage-")) {
                both.countDown();
                try {
                    // each waits for the other: only parallel stages get past this
                    return both.await(20, java.util.concurrent.TimeUnit.SECONDS)
                            ? new FakeSteps.Outcome(cmd.substring(5) + "\n", "", 0)
                            : new FakeSteps.Outcome("", "ran alone\n", 9);
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            }
            return new FakeSteps.Outcome("", "", 0);
        };
        Result r = build(files("FROM busybox AS a\nRUN echo stage-a\nFROM busybox AS b\nRUN echo stage-b\n"
                + "FROM busybox\nCOPY --from=a / /a\nCOPY --from=b / /b\n"));
        String text = r.text();
        assertTrue(r.error() == null, text + r.messages());
        int a = text.indexOf("Step 2/7 : RUN echo stage-a\n");
        int aOut = text.indexOf("stage-a\n", a + 30);
        int b = text.indexOf("Step 3/7 : FROM busybox AS b\n");
        int bOut = text.indexOf("stage-b\n", text.indexOf("Step 4/7 : RUN echo stage-b\n") + 30);
        assertTrue(a >= 0 && a < aOut && aOut < b && b < bOut, text);
    }

    @Test
    void aFailingStage_stopsTheBuild_evenWhenALaterOneRuns() throws IOException {
        steps.behaviour = argv -> argv.get(argv.size() - 1).equals("exit 5") ? new FakeSteps.Outcome("", "", 5)
                : new FakeSteps.Outcome("", "", 0);
        Result r = build(files("FROM busybox AS a\nRUN exit 5\nFROM busybox AS b\nRUN true\n"
                + "FROM busybox\nCOPY --from=a / /a\nCOPY --from=b / /b\n"));
        assertEquals(5, r.error().get("errorDetail").get("code").asInt(), r.text());
        assertFalse(r.text().contains("Step 5/7"), r.text());
    }

    @Test
    void platform_otherThanTheHosts_isRefused() throws IOException {
        Result r = build(files("FROM --platform=linux/arm64 busybox\n"));
        assertTrue(r.error().get("error").asText().contains("linux/arm64 is not supported"), r.text());
    }
}
