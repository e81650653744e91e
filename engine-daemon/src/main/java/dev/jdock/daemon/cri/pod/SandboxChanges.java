package dev.jdock.daemon.cri.pod;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * The sandboxes' own lifecycle, for GetContainerEvents (containerd sends a sandbox's events with the sandbox's ID as
 * the container's): each change carries the sandbox as it was then, so a removed sandbox's event still has its pod's
 * status. Kept apart from the daemon's event bus, which {@code docker events} reads: a sandbox is no Docker object.
 * Publishing never blocks; a watcher that falls {@link #QUEUE} changes behind is dropped.
 */
public final class SandboxChanges {
    static final int QUEUE = 1024;

    /** The CRI's event types for a sandbox. */
    public enum Kind { CREATED, STARTED, STOPPED, DELETED }

    /** One change: what happened, the sandbox then, when (ns since the epoch). */
    public record Change(Kind kind, PodSandbox sandbox, long atNanos) {
    }

    private final List<Watcher> watchers = new CopyOnWriteArrayList<>();

    void publish(Kind kind, PodSandbox sandbox, long atNanos) {
        Change c = new Change(kind, sandbox, atNanos);
        for (Watcher w : watchers) {
            w.offer(c);
        }
    }

    /** A new watcher of the changes from now on; close it when its stream ends. */
    public Watcher watch() {
        Watcher w = new Watcher();
        watchers.add(w);
        return w;
    }

    /** One stream's queue of changes. */
    public final class Watcher implements AutoCloseable {
        private final BlockingQueue<Change> queue = new ArrayBlockingQueue<>(QUEUE);
        private volatile boolean dropped;

        private void offer(Change c) {
            if (!dropped && !queue.offer(c)) {
                dropped = true;
                watchers.remove(this);
            }
        }

        /** The next change, or null after the timeout. */
        public Change poll(long timeout, TimeUnit unit) throws InterruptedException {
            return queue.poll(timeout, unit);
        }

        /** True once it fell {@link #QUEUE} changes behind and was dropped. */
        public boolean dropped() {
            return dropped;
        }

        @Override
        public void close() {
            watchers.remove(this);
        }
    }
}
