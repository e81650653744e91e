import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import dev.jdock.daemon.cri.v1.CriApiProto;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * A CRI client for the e2e tests (scripts/test/e2e-cri.sh), compiled against an installed jdockd's jars (its
 * generated CRI classes, grpc-java, Netty): {@code CriCall SOCKET Service/Method [REQUEST]} sends REQUEST (protobuf
 * text format, e.g. {@code image { image: "busybox" }}) and prints the answer in text format, one message per
 * streamed answer. A gRPC error prints {@code CODE: description} on stderr and exits 2. With {@code --each}, the
 * calls given (method, request, method, request...) run in turn on one connection, each answer after a line
 * {@code === Service/Method}; the exit code is 2 if any call failed.
 */
public final class CriCall {
    private CriCall() {
    }

    public static void main(String[] args) throws Exception {
        boolean each = args.length > 1 && args[1].equals("--each");
        if (args.length < 2 || each && args.length < 3) {
            System.err.println("usage: CriCall SOCKET Service/Method [REQUEST]");
            System.err.println("       CriCall SOCKET --each Service/Method REQUEST [Service/Method REQUEST]...");
            System.exit(64);
        }
        int rc = 0;
        try (CriChannel cri = new CriChannel(args[0])) {
            ManagedChannel channel = cri.channel;
            if (!each) {
                rc = call(channel, args[1], args.length > 2 ? args[2] : "");
            } else {
                for (int i = 2; i < args.length; i += 2) {
                    System.out.println("=== " + args[i]);
                    System.out.flush();
                    int one = call(channel, args[i], i + 1 < args.length ? args[i + 1] : "");
                    System.out.flush();
                    System.err.flush();
                    rc = Math.max(rc, one);
                }
            }
        }
        System.exit(rc);
    }

    /** One call (its answer on stdout; a gRPC error as "CODE: description" on stderr, and 2). */
    private static int call(ManagedChannel channel, String serviceMethod, String text) throws Exception {
        String[] sm = serviceMethod.split("/", 2);
        Descriptors.MethodDescriptor method = CriApiProto.getDescriptor().findServiceByName(sm[0])
                .findMethodByName(sm[1]);
        DynamicMessage.Builder request = DynamicMessage.newBuilder(method.getInputType());
        TextFormat.merge(text, request);
        MethodDescriptor<DynamicMessage, DynamicMessage> call = MethodDescriptor
                .<DynamicMessage, DynamicMessage>newBuilder()
                .setType(method.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING
                        : MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(method.getService().getFullName(),
                        method.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(
                        DynamicMessage.getDefaultInstance(method.getOutputType())))
                .build();
        try {
            var options = io.grpc.CallOptions.DEFAULT.withDeadlineAfter(120, TimeUnit.SECONDS);
            if (method.isServerStreaming()) {
                Iterator<DynamicMessage> answers = ClientCalls.blockingServerStreamingCall(channel, call, options,
                        request.build());
                while (answers.hasNext()) {
                    System.out.print(TextFormat.printer().printToString(answers.next()));
                    System.out.println("---");
                }
            } else {
                System.out.print(TextFormat.printer().printToString(ClientCalls.blockingUnaryCall(channel, call,
                        options, request.build())));
            }
            return 0;
        } catch (StatusRuntimeException e) {
            System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            return 2;
        }
    }
}
