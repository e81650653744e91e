package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.runtime.cgroup.CgroupParent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContainerStoreTest {
    @TempDir
    Path root;

    private static ContainerRecord record(String id, String name) {
        return new ContainerRecord(id, name, "2024-01-01T00:00:00Z", "sh", List.of(), "sha256:" + "b".repeat(64),
                ContainerConfig.builder().build(), HostConfig.builder().build());
    }

    @Test
    void update_whenTheDiskRefuses_changesMemory_andIsWrittenOnceItTakesItAgain() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Container c = store.add(record("a".repeat(64), "x"));
        Path state = c.dir().resolve("state.json");
        Files.deleteIfExists(state);
        Files.createDirectories(state.resolve("blocker")); // the rename over it fails, as on a full disk
        ContainerRunState exited = c.state().running(42, 41, "2024-01-01T00:00:01Z")
                .exited(3, "", "2024-01-01T00:00:02Z", false);

        store.update(c, exited);

        assertEquals(exited, c.state()); // wait and inspect see the exit at once
        assertTrue(store.hasUnwrittenStates());
        Files.delete(state.resolve("blocker"));
        Files.delete(state); // space is back
        store.writeUnwritten();
        assertFalse(store.hasUnwrittenStates());
        ContainerStore reloaded = new ContainerStore(root);
        reloaded.load();
        assertEquals(3, reloaded.get("x").state().exitCode());
        assertEquals(ContainerStatus.EXITED, reloaded.get("x").state().status());
    }

    @Test
    void writeAhead_isOnDiskBeforeItIsShown_andTheNextUpdateWritesEvenAStateEqualToTheShownOne() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Container c = store.add(record("c".repeat(64), "w"));
        ContainerRunState before = c.state();
        ContainerRunState running = before.running(42, 41, "2024-01-01T00:00:01Z");

        assertTrue(store.writeAhead(c, running));

        assertEquals(before, c.state()); // not shown yet
        assertEquals(ContainerStatus.RUNNING, reload().get("w").state().status()); // but what a restart reads
        store.update(c, before); // the start failed: back to the shown state, which the disk no longer holds
        assertEquals(ContainerStatus.CREATED, reload().get("w").state().status());

        assertTrue(store.writeAhead(c, running));
        store.publish(c, running);
        assertEquals(running, c.state());
        assertEquals(42, reload().get("w").state().pid());
    }

    @Test
    void writeAhead_thatTheDiskRefuses_isWrittenByPublish() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Container c = store.add(record("d".repeat(64), "v"));
        Path state = c.dir().resolve("state.json");
        Files.createDirectories(state.resolve("blocker"));
        ContainerRunState running = c.state().running(42, 41, "2024-01-01T00:00:01Z");

        assertFalse(store.writeAhead(c, running));
        Files.delete(state.resolve("blocker"));
        Files.delete(state);
        store.publish(c, running);

        assertEquals(running, c.state());
        assertEquals(42, reload().get("v").state().pid());
    }

    private ContainerStore reload() throws Exception {
        ContainerStore s = new ContainerStore(root);
        s.load();
        return s;
    }

    @Test
    void stateTheDiskRefuses_isKeptBesideForTheNextDaemon() throws Exception {
        Path spool = root.resolveSibling(root.getFileName() + "-unwritten");
        ContainerStore store = new ContainerStore(root, spool, dev.jdock.daemon.store.Reaper.inline());
        Container c = store.add(record("b".repeat(64), "z"));
        Path state = c.dir().resolve("state.json");
        Files.deleteIfExists(state);
        Files.createDirectories(state.resolve("blocker"));
        store.update(c, c.state().running(7, 6, "2024-01-01T00:00:01Z").exited(5, "", "2024-01-01T00:00:02Z", false));
        Files.delete(state.resolve("blocker"));
        Files.delete(state); // the daemon is killed before the retry; the disk may or may not have space again

        ContainerStore next = new ContainerStore(root, spool, dev.jdock.daemon.store.Reaper.inline());
        next.load();
        assertEquals(5, next.get("z").state().exitCode());
        assertTrue(next.hasUnwrittenStates());
        next.writeUnwritten();
        assertFalse(Files.exists(spool.resolve(c.id() + ".json")));
        ContainerStore third = new ContainerStore(root);
        third.load();
        assertEquals(5, third.get("z").state().exitCode());
    }

    @Test
    void remove_forgetsAtOnce_andLeavesTheTreeToTheReaper_orToTheNextLoad() throws Exception {
        java.util.List<Runnable> later = new java.util.ArrayList<>();
        ContainerStore store = new ContainerStore(root, null, dev.jdock.daemon.store.Reaper.on(later::add));
        Container c = store.add(record("d".repeat(64), "r"));
        Container kept = store.add(record("e".repeat(64), "k"));
        Files.write(c.dir().resolve("container-json.log"), new byte[4096]);
        Path tomb = root.resolve(ContainerStore.TOMBSTONE + c.id());

        store.remove(c);

        assertTrue(store.find("r").isEmpty(), "the name is free at once");
        assertFalse(Files.exists(c.dir()), "renamed away at once");
        assertTrue(Files.exists(tomb.resolve("container-json.log")), "deleted by the reaper, later");
        ContainerStore next = new ContainerStore(root); // as a daemon killed before the reaper got to it
        next.load();
        assertFalse(Files.exists(tomb), "the next load deletes what is left");
        assertTrue(next.find(c.id()).isEmpty());
        assertEquals(kept.id(), next.get("k").id());
        later.forEach(Runnable::run); // the reaper of the first daemon, late: nothing left to delete, no harm
        assertTrue(Files.exists(kept.dir()));
    }

    @Test
    void all_isNewestFirst_andFollowsEachAddAndRemove_andLoad() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Container b = store.add(at("b", "2024-01-02T00:00:00Z"));
        Container a = store.add(at("a", "2024-01-01T00:00:00.5Z"));
        assertEquals(List.of(b, a), List.copyOf(store.all()));
        Container c = store.add(at("c", "2024-01-03T00:00:00Z"));
        assertEquals(List.of(c, b, a), List.copyOf(store.all()));
        store.all().clear(); // a new list each time: the caller's to change
        assertEquals(List.of(c, b, a), List.copyOf(store.all()));
        store.remove(b);
        assertEquals(List.of(c, a), List.copyOf(store.all()));
        ContainerStore next = new ContainerStore(root);
        next.load();
        assertEquals(List.of(c.id(), a.id()), next.all().stream().map(Container::id).toList());
    }

    private static ContainerRecord at(String letter, String created) {
        return new ContainerRecord(letter.repeat(64), "n" + letter, created, "sh", List.of(),
                "sha256:" + "b".repeat(64), ContainerConfig.builder().build(), HostConfig.builder().build());
    }

    @Test
    void add_whosePreparationFails_leavesNothing_andFreesTheName() throws Exception {
        ContainerStore store = new ContainerStore(root);
        try {
            store.add(record("c".repeat(64), "y"), c -> {
                throw new IllegalStateException("no space left on device");
            });
        } catch (IllegalStateException expected) {
            // the caller undoes what it made elsewhere
        }
        assertFalse(store.nameTaken("y"));
        try (var left = Files.list(root)) {
            assertEquals(List.of(), left.toList());
        }
    }

    @Test
    void rename_whenTheDiskRefusesTheRecord_keepsTheOldName_andTheNewOneFree() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Container c = store.add(record("c".repeat(64), "old"));
        Path cfg = c.dir().resolve("config.json");
        Files.delete(cfg);
        Files.createDirectories(cfg.resolve("blocker")); // the rename over it fails, as on a full disk
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class, () -> store.rename(c, "new"));
        assertEquals("old", c.name());
        assertFalse(store.nameTaken("new"), "the name of a rename that failed stays free");
        assertTrue(store.find("old").isPresent());
    }

    @Test
    void load_leavesWhatIsNotAContainer_andAnUnreadableRecord_andRemovesAnUnfinishedCreate() throws Exception {
        Path unknownDir = Files.createDirectories(root.resolve("backup-of-something"));
        Files.writeString(unknownDir.resolve("notes"), "mine");
        Path unknownFile = Files.writeString(root.resolve("README"), "mine");
        Path damaged = Files.createDirectories(root.resolve("e".repeat(64)));
        Files.writeString(damaged.resolve("config.json"), "{not json");
        Path unfinished = Files.createDirectories(root.resolve("f".repeat(64)));
        Files.writeString(unfinished.resolve("state.json"), "{}");

        ContainerStore store = new ContainerStore(root);
        store.load();

        assertTrue(store.all().isEmpty());
        assertTrue(Files.exists(unknownDir.resolve("notes")));
        assertTrue(Files.exists(unknownFile));
        assertTrue(Files.exists(damaged.resolve("config.json")), "a record that cannot be read is never deleted");
        assertTrue(store.idsOnDisk().contains("e".repeat(64)), "its root fs and processes are not taken as leftovers");
        assertFalse(Files.exists(unfinished), "a create killed before its record (written last) is removed");
    }

    @Test
    void cgroupParent_ofARecordWrittenBeforeItWasHonoured_isJdock_andAGivenOneIsKeptAsAsked() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Container old = store.add(record("d".repeat(64), "old"));
        Path cfg = old.dir().resolve("config.json");
        Files.writeString(cfg, Files.readString(cfg).replace("\"CgroupParent\":\"\",", ""));
        Container given = store.add(new ContainerRecord("e".repeat(64), "given", "2024-01-01T00:00:00Z", "sh",
                List.of(), "sha256:" + "b".repeat(64), ContainerConfig.builder().build(),
                HostConfig.builder().cgroupParent("a//b").build()));
        assertFalse(Files.readString(given.dir().resolve("config.json")).contains("cgroupParent"),
                "nothing but HostConfig.CgroupParent is written");
        ContainerStore reloaded = new ContainerStore(root);
        reloaded.load();
        assertFalse(Files.readString(cfg).contains("CgroupParent"), "the old record has no such field");
        assertEquals(CgroupParent.DEFAULT, reloaded.get("old").record().cgroupParent());
        assertEquals("a//b", reloaded.get("given").record().hostConfig().cgroupParent(), "inspect shows what was asked");
        assertEquals(CgroupParent.parse("a/b"), reloaded.get("given").record().cgroupParent());
    }

    private static ContainerRecord labelled(String id, String name, int labels) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < labels; i++) {
            m.put(name + "-label-" + i, "value");
        }
        return record(id, name).withConfig(ContainerConfig.builder().labels(m).build());
    }

    private static String id(int i) {
        return String.format("%064x", i);
    }

    @Test
    void add_pastTheWeightBound_isRefusedWith503_keepsNothing_andARemovalGivesTheWeightBack() throws Exception {
        long one = RecordWeights.weigh(labelled(id(1), "c1", 1000));
        ContainerStore store = new ContainerStore(root, null, dev.jdock.daemon.store.Reaper.inline(),
                one * 3 + one / 2);
        Container c1 = store.add(labelled(id(1), "c1", 1000));
        store.add(labelled(id(2), "c2", 1000));
        store.add(labelled(id(3), "c3", 1000));
        assertEquals(one * 3, store.weight());

        dev.jdock.daemon.errors.EngineException e = org.junit.jupiter.api.Assertions.assertThrows(
                dev.jdock.daemon.errors.EngineException.class, () -> store.add(labelled(id(4), "c4", 1000)));

        assertEquals(dev.jdock.daemon.errors.ErrorKind.UNAVAILABLE, e.kind());
        assertEquals("cannot create a container: the configurations of the 3 containers kept weigh " + one * 3
                + " bytes of the daemon's memory, this one's " + one + " more would pass the " + (one * 3 + one / 2)
                + " they may weigh together; remove containers first", e.getMessage());
        assertFalse(store.nameTaken("c4"), "the name stays free");
        assertFalse(Files.exists(root.resolve(id(4))), "no directory is left");
        assertEquals(one * 3, store.weight());
        store.add(record(id(5), "small")); // a smaller one still fits

        store.remove(c1);
        store.remove(c1); // a removal retried gives nothing back twice
        assertEquals(one * 2 + RecordWeights.weigh(record(id(5), "small")), store.weight());
        store.add(labelled(id(4), "c4", 1000));
    }

    @Test
    void add_whosePrepareFails_givesItsWeightBack() {
        ContainerStore store = new ContainerStore(root);
        org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> store.add(labelled(id(1), "p", 10), c -> {
                    throw new IllegalStateException("no root filesystem");
                }));
        assertEquals(0, store.weight());
    }

    @Test
    void updateAndRename_reweighTheRecord_andALoadCountsTheSame() throws Exception {
        ContainerStore store = new ContainerStore(root);
        Container c = store.add(labelled(id(1), "u", 10));
        store.add(record(id(2), "other"));
        long before = store.weight();

        store.updateRecord(c, c.record().withHostConfig(HostConfig.builder()
                .extraHosts(List.of("a-host-name:10.0.0.1")).build()));
        long updated = store.weight();
        store.rename(c, "a-much-longer-name-than-before");

        long grown = RecordWeights.weigh(c.record()) - RecordWeights.weigh(labelled(id(1), "u", 10));
        assertTrue(updated > before);
        assertEquals(before + grown, store.weight());
        assertEquals(store.weight(), reload().weight(), "a restart counts what the store counted");
    }

    @Test
    void load_countsEveryContainer_neverRefusesOne_evenPastTheBound() throws Exception {
        ContainerStore first = new ContainerStore(root);
        for (int i = 1; i <= 4; i++) {
            first.add(labelled(id(i), "l" + i, 500));
        }
        long max = first.weight() / 2;
        ContainerStore next = new ContainerStore(root, null, dev.jdock.daemon.store.Reaper.inline(), max);

        next.load();

        assertEquals(4, next.all().size(), "a restart loses no container");
        assertEquals(first.weight(), next.weight());
        org.junit.jupiter.api.Assertions.assertThrows(dev.jdock.daemon.errors.EngineException.class,
                () -> next.add(record(id(9), "new")));
        next.remove(next.get("l1"));
        next.remove(next.get("l2"));
        next.remove(next.get("l3"));
        next.add(record(id(9), "new")); // room again once the weight is given back
        assertEquals(RecordWeights.weigh(next.get("l4").record()) + RecordWeights.weigh(next.get("new").record()),
                next.weight());
    }
}
