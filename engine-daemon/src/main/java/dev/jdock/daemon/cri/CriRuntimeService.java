package dev.jdock.daemon.cri;

import dev.jdock.daemon.cri.v1.RuntimeCondition;
import dev.jdock.daemon.cri.v1.RuntimeHandler;
import dev.jdock.daemon.cri.v1.RuntimeHandlerFeatures;
import dev.jdock.daemon.cri.v1.RuntimeServiceGrpc;
import dev.jdock.daemon.cri.v1.RuntimeStatus;
import dev.jdock.daemon.cri.v1.StatusRequest;
import dev.jdock.daemon.cri.v1.StatusResponse;
import dev.jdock.daemon.cri.v1.VersionRequest;
import dev.jdock.daemon.cri.v1.VersionResponse;
import io.grpc.stub.StreamObserver;
import java.util.function.Supplier;

/**
 * {@code runtime.v1.RuntimeService} as far as this spike goes: Version and Status, answered as containerd answers
 * them; every other call gets the generated base's UNIMPLEMENTED status.
 */
final class CriRuntimeService extends RuntimeServiceGrpc.RuntimeServiceImplBase {
    /** The version of the kubelet runtime API (the v1alpha1 numbering the kubelet still checks). */
    static final String KUBELET_API_VERSION = "0.1.0";
    static final String RUNTIME_NAME = "jdock";
    static final String RUNTIME_API_VERSION = "v1";
    static final String RUNTIME_READY = "RuntimeReady";
    static final String NETWORK_READY = "NetworkReady";

    private final String runtimeVersion;
    private final Supplier<Readiness> runtime;
    private final Supplier<Readiness> network;

    /** {@code runtimeVersion}: jdockd's own (semver); the suppliers are asked at every Status call. */
    CriRuntimeService(String runtimeVersion, Supplier<Readiness> runtime, Supplier<Readiness> network) {
        this.runtimeVersion = runtimeVersion;
        this.runtime = runtime;
        this.network = network;
    }

    @Override
    public void version(VersionRequest request, StreamObserver<VersionResponse> out) {
        out.onNext(VersionResponse.newBuilder()
                .setVersion(KUBELET_API_VERSION)
                .setRuntimeName(RUNTIME_NAME)
                .setRuntimeVersion(runtimeVersion)
                .setRuntimeApiVersion(RUNTIME_API_VERSION)
                .build());
        out.onCompleted();
    }

    @Override
    public void status(StatusRequest request, StreamObserver<StatusResponse> out) {
        out.onNext(StatusResponse.newBuilder()
                .setStatus(RuntimeStatus.newBuilder()
                        .addConditions(condition(RUNTIME_READY, runtime.get()))
                        .addConditions(condition(NETWORK_READY, network.get())))
                // the default handler (""), as containerd lists it; no recursive read-only mounts or user
                // namespaces yet (issue 15 decides)
                .addRuntimeHandlers(RuntimeHandler.newBuilder().setName("")
                        .setFeatures(RuntimeHandlerFeatures.getDefaultInstance()))
                .build());
        out.onCompleted();
    }

    private static RuntimeCondition condition(String type, Readiness r) {
        return RuntimeCondition.newBuilder().setType(type).setStatus(r.ready()).setReason(r.reason())
                .setMessage(r.message()).build();
    }
}
