import dev.jdock.daemon.cri.v1.ContainerConfig;
import dev.jdock.daemon.cri.v1.ContainerMetadata;
import dev.jdock.daemon.cri.v1.CreateContainerRequest;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.LinuxPodSandboxConfig;
import dev.jdock.daemon.cri.v1.LinuxSandboxSecurityContext;
import dev.jdock.daemon.cri.v1.NamespaceMode;
import dev.jdock.daemon.cri.v1.NamespaceOption;
import dev.jdock.daemon.cri.v1.PodSandboxConfig;
import dev.jdock.daemon.cri.v1.PodSandboxMetadata;
import dev.jdock.daemon.cri.v1.RemoveContainerRequest;
import dev.jdock.daemon.cri.v1.RemovePodSandboxRequest;
import dev.jdock.daemon.cri.v1.RunPodSandboxRequest;
import dev.jdock.daemon.cri.v1.RuntimeServiceGrpc;
import dev.jdock.daemon.cri.v1.StartContainerRequest;
import dev.jdock.daemon.cri.v1.StopContainerRequest;
import dev.jdock.daemon.cri.v1.StopPodSandboxRequest;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The CRI benchmark's client (scripts/bench/cri.sh), compiled against an installed jdockd's jars: one process, one
 * gRPC connection, so the figures are the runtime's and not a client's start. Each round runs a pod and one
 * container from scratch to removal as the kubelet does (RunPodSandbox, CreateContainer, StartContainer,
 * StopContainer with timeout 0, RemoveContainer, StopPodSandbox, RemovePodSandbox) and appends each call's time in
 * ms, and the round's, to {@code OUT/<order> <engine> <call>} (one value per line, scripts/bench/lib.sh's format).
 *
 * <pre>CriBench SOCKET ENGINE ROUNDS WARMUP host|pod IMAGE LOGDIR OUT</pre>
 *
 * {@code host}: the pod shares the host's network namespace (no CNI: the runtime's own cost); {@code pod}: a pod
 * network namespace through the runtime's CNI configuration. A call that fails ends the run with its status on
 * stderr (exit 2). When the container calls answer UNIMPLEMENTED, the rounds go on with the sandbox calls alone and
 * the run exits 3.
 */
public final class CriBench {
    private static final String[] CALLS = {"RunPodSandbox", "CreateContainer", "StartContainer", "StopContainer",
        "RemoveContainer", "StopPodSandbox", "RemovePodSandbox", "pod and container, scratch to removal"};

    /** False once CreateContainer answered UNIMPLEMENTED. */
    private static boolean containers = true;

    private CriBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 8) {
            System.err.println("usage: CriBench SOCKET ENGINE ROUNDS WARMUP host|pod IMAGE LOGDIR OUT");
            System.exit(64);
        }
        String engine = args[1];
        int rounds = Integer.parseInt(args[2]);
        int warmup = Integer.parseInt(args[3]);
        boolean host = args[4].equals("host");
        String image = args[5];
        Path logs = Path.of(args[6]);
        Path out = Path.of(args[7]);
        Files.createDirectories(out);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(args[0]))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).overrideAuthority("localhost")
                .withOption(ChannelOption.SO_KEEPALIVE, null).usePlaintext().build();
        int rc = 0;
        try {
            RuntimeServiceGrpc.RuntimeServiceBlockingStub rt = RuntimeServiceGrpc.newBlockingStub(channel);
            for (int i = 0; i < warmup + rounds; i++) {
                double[] ms = round(rt, engine + "-" + i, host, image, logs.resolve(engine + "-" + i));
                if (i >= warmup) {
                    for (int k = 0; k < CALLS.length; k++) {
                        if (!Double.isNaN(ms[k])) {
                            Files.writeString(out.resolve(k + " " + engine + " " + CALLS[k]),
                                    String.format("%.2f%n", ms[k]), StandardCharsets.UTF_8,
                                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                        }
                    }
                }
            }
            rc = containers ? 0 : 3;
        } catch (StatusRuntimeException e) {
            System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            rc = 2;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).await(5, TimeUnit.SECONDS);
        }
        System.exit(rc);
    }

    /** One pod and container: the ms of each call and of the whole round (NaN for calls not made). */
    private static double[] round(RuntimeServiceGrpc.RuntimeServiceBlockingStub rt, String name, boolean host,
            String image, Path logDir) throws IOException {
        double[] ms = new double[CALLS.length];
        java.util.Arrays.fill(ms, Double.NaN);
        Files.createDirectories(logDir);
        PodSandboxConfig pod = PodSandboxConfig.newBuilder()
                .setMetadata(PodSandboxMetadata.newBuilder().setName(name).setNamespace("bench")
                        .setUid(UUID.randomUUID().toString()))
                // a host-network pod keeps the host's UTS namespace: runc refuses a hostname there
                .setHostname(host ? "" : name)
                .setLogDirectory(logDir.toString())
                .setLinux(LinuxPodSandboxConfig.newBuilder().setSecurityContext(LinuxSandboxSecurityContext
                        .newBuilder().setNamespaceOptions(NamespaceOption.newBuilder()
                                .setNetwork(host ? NamespaceMode.NODE : NamespaceMode.POD))))
                .build();
        long start = System.nanoTime();
        String podId = timed(ms, 0, () -> rt.withDeadlineAfter(120, TimeUnit.SECONDS)
                .runPodSandbox(RunPodSandboxRequest.newBuilder().setConfig(pod).build()).getPodSandboxId());
        try {
            if (!containers) {
                throw Status.UNIMPLEMENTED.asRuntimeException();
            }
            String id = timed(ms, 1, () -> rt.withDeadlineAfter(120, TimeUnit.SECONDS)
                    .createContainer(CreateContainerRequest.newBuilder().setPodSandboxId(podId)
                            .setSandboxConfig(pod)
                            .setConfig(ContainerConfig.newBuilder()
                                    .setMetadata(ContainerMetadata.newBuilder().setName("c"))
                                    .setImage(ImageSpec.newBuilder().setImage(image))
                                    .addCommand("sleep").addArgs("3600")
                                    .setLogPath("c.log"))
                            .build()).getContainerId());
            timed(ms, 2, () -> rt.withDeadlineAfter(120, TimeUnit.SECONDS)
                    .startContainer(StartContainerRequest.newBuilder().setContainerId(id).build()));
            timed(ms, 3, () -> rt.withDeadlineAfter(120, TimeUnit.SECONDS)
                    .stopContainer(StopContainerRequest.newBuilder().setContainerId(id).setTimeout(0).build()));
            timed(ms, 4, () -> rt.withDeadlineAfter(120, TimeUnit.SECONDS)
                    .removeContainer(RemoveContainerRequest.newBuilder().setContainerId(id).build()));
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.UNIMPLEMENTED) {
                throw e;
            }
            if (containers) {
                System.err.println("container calls are not served (UNIMPLEMENTED): sandbox figures only");
            }
            containers = false;
        }
        timed(ms, 5, () -> rt.withDeadlineAfter(120, TimeUnit.SECONDS)
                .stopPodSandbox(StopPodSandboxRequest.newBuilder().setPodSandboxId(podId).build()));
        timed(ms, 6, () -> rt.withDeadlineAfter(120, TimeUnit.SECONDS)
                .removePodSandbox(RemovePodSandboxRequest.newBuilder().setPodSandboxId(podId).build()));
        if (containers) {
            ms[7] = (System.nanoTime() - start) / 1e6;
        }
        return ms;
    }

    private static <T> T timed(double[] ms, int k, Supplier<T> call) {
        long t0 = System.nanoTime();
        T result = call.get();
        ms[k] = (System.nanoTime() - t0) / 1e6;
        return result;
    }
}
