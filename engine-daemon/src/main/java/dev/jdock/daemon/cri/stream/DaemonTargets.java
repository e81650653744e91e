package dev.jdock.daemon.cri.stream;

import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.daemon.api.HijackedConnection;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerService;
import dev.jdock.daemon.cri.pod.PodSandbox;
import dev.jdock.daemon.cri.pod.PodSandboxes;
import dev.jdock.daemon.exec.ExecService;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;

/**
 * The streaming sessions on the daemon itself: CRI containers are the daemon's containers (the CRI container ID is
 * the container's ID), so Exec runs through {@link ExecService} and Attach through {@link ContainerService}'s attach;
 * ports are dialled in the pod's network namespace ({@link NetnsDialer}).
 */
public final class DaemonTargets implements StreamTargets {
    private final ExecService execs;
    private final ContainerService containers;
    private final PodSandboxes sandboxes;
    private final NetnsDialer dialer;

    public DaemonTargets(ExecService execs, ContainerService containers, PodSandboxes sandboxes, Syscalls sys) {
        this.execs = execs;
        this.containers = containers;
        this.sandboxes = sandboxes;
        this.dialer = new NetnsDialer(sys);
    }

    @Override
    public ContainerInfo container(String id) {
        Container c = containers.get(id);
        return new ContainerInfo(c.id(), c.isRunning(), c.record().config().tty(), c.record().config().openStdin());
    }

    @Override
    public boolean sandboxReady(String id) {
        return sandboxes.status(id).state() == PodSandbox.State.SANDBOX_READY;
    }

    @Override
    public int exec(StreamRequest.Exec r, RemoteStreams s) {
        ExecConfig cfg = new ExecConfig("", false, r.tty(), null, r.stdin(), r.stderr(), r.stdout(), false, "",
                List.of(), "", r.cmd());
        return execs.runStreaming(r.containerId(), cfg, connection(s, r.tty()), s.clientGone(),
                id -> s.onResize((h, w) -> execs.resize(id, h, w)));
    }

    @Override
    public void attach(StreamRequest.Attach r, RemoteStreams s) {
        Container c = containers.get(r.containerId());
        boolean tty = c.record().config().tty();
        boolean stdin = r.stdin() && c.record().config().openStdin();
        s.onResize((h, w) -> containers.resize(c, h, w));
        containers.attachStreaming(c, stdin, r.stdout(), r.stderr(), connection(s, tty), s.clientGone());
    }

    @Override
    public SocketChannel dial(String sandboxId, int port) throws IOException {
        PodSandbox p = sandboxes.status(sandboxId);
        if (p.hostNetwork() || p.netns().isEmpty()) {
            return SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        }
        return dialer.dial(Path.of(p.netns()), port);
    }

    /**
     * The client's streams as the exec and attach code writes them: raw output with a TTY (all on stdout), the
     * Engine API's multiplexed frames without, split again into stdout and stderr.
     */
    private static HijackedConnection connection(RemoteStreams s, boolean tty) {
        InputStream in = s.stdin() != null ? s.stdin() : InputStream.nullInputStream();
        OutputStream out = tty ? (s.stdout() != null ? s.stdout() : OutputStream.nullOutputStream())
                : new StdcopyDemux(s.stdout(), s.stderr());
        return new HijackedConnection() {
            @Override
            public InputStream input() {
                return in;
            }

            @Override
            public OutputStream output() {
                return out;
            }

            @Override
            public void close() {
                // the streaming session ends the connection after reporting the status
            }
        };
    }

    @Override
    public void close() {
        dialer.close();
    }
}
