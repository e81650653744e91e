package dev.jdock.daemon.container;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A container in memory: its record, its current run state, and the futures that waiters block on. All state
 * changes go through {@link ContainerStore#update} so that memory and disk never disagree.
 */
public final class Container {
    private volatile ContainerRecord record;
    private volatile ContainerRunState state;
    private final Path dir;
    /** Completed (with the exit state) at the next exit, then replaced by a fresh one. */
    private CompletableFuture<ContainerRunState> nextExit = new CompletableFuture<>();
    private final CompletableFuture<ContainerRunState> removed = new CompletableFuture<>();
    private final List<PendingAttach> pendingAttaches = new ArrayList<>();
    /** ps's parsed times of this record and state ({@link ContainerViews#summary}); replaced when they change. */
    private volatile ContainerViews.Times times;
    /** What its record weighs ({@link ContainerStore#weigh}), as the store counted it. */
    private volatile long weight;
    /** Set while a start, stop or remove is in progress, to serialise them. */
    final Object lifecycleLock = new Object();

    Container(ContainerRecord record, ContainerRunState state, Path dir) {
        this.record = record;
        this.state = state;
        this.dir = dir;
    }

    public String id() {
        return record.id();
    }

    public String name() {
        return record.name();
    }

    public ContainerRecord record() {
        return record;
    }

    public ContainerRunState state() {
        return state;
    }

    public Path dir() {
        return dir;
    }

    public boolean isRunning() {
        return state.isRunning();
    }

    ContainerViews.Times times() {
        return times;
    }

    void times(ContainerViews.Times t) {
        times = t;
    }

    long weight() {
        return weight;
    }

    void weight(long w) {
        weight = w;
    }

    void setRecord(ContainerRecord r) {
        this.record = r;
    }

    synchronized void setState(ContainerRunState s) {
        ContainerRunState old = this.state;
        this.state = s;
        if (old.isRunning() && !s.isRunning()) {
            CompletableFuture<ContainerRunState> done = nextExit;
            nextExit = new CompletableFuture<>();
            done.complete(s);
        }
    }

    synchronized CompletableFuture<ContainerRunState> nextExit() {
        return nextExit;
    }

    /** Completes when the container is not running: at once if it is not. */
    synchronized CompletableFuture<ContainerRunState> notRunning() {
        return state.isRunning() ? nextExit : CompletableFuture.completedFuture(state);
    }

    CompletableFuture<ContainerRunState> removedFuture() {
        return removed;
    }

    synchronized void addPendingAttach(PendingAttach a) {
        pendingAttaches.add(a);
    }

    synchronized void removePendingAttach(PendingAttach a) {
        pendingAttaches.remove(a);
    }

    /** Attach sessions that were opened before start: they connect to the monitor before the process runs. */
    synchronized List<PendingAttach> takePendingAttaches() {
        List<PendingAttach> out = new ArrayList<>(pendingAttaches);
        pendingAttaches.clear();
        return out;
    }

    /** An attach session waiting for the container's monitor to come up. */
    interface PendingAttach {
        /** Called before the process is released: connects its own session to the monitor, synchronously. */
        void monitorReady();

        /** The container will not start (start failed, or it was removed): end the attach. */
        void abandon();
    }
}
