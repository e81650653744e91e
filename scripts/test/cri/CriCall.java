import com.google.protobuf.Descriptors;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.TextFormat;
import dev.jdock.daemon.cri.v1.CriApiProto;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollDomainSocketChannel;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.unix.DomainSocketAddress;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;

/**
 * A CRI client for the e2e tests (scripts/test/e2e-cri.sh), compiled against an installed jdockd's jars (its
 * generated CRI classes, grpc-java, Netty): {@code CriCall SOCKET Service/Method [REQUEST]} sends REQUEST (protobuf
 * text format, e.g. {@code image { image: "busybox" }}) and prints the answer in text format, one message per
 * streamed answer. A gRPC error prints {@code CODE: description} on stderr and exits 2.
 */
public final class CriCall {
    private CriCall() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: CriCall SOCKET Service/Method [REQUEST]");
            System.exit(64);
        }
        String[] sm = args[1].split("/", 2);
        Descriptors.MethodDescriptor method = CriApiProto.getDescriptor().findServiceByName(sm[0])
                .findMethodByName(sm[1]);
        DynamicMessage.Builder request = DynamicMessage.newBuilder(method.getInputType());
        TextFormat.merge(args.length > 2 ? args[2] : "", request);
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
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, EpollIoHandler.newFactory());
        ManagedChannel channel = NettyChannelBuilder.forAddress(new DomainSocketAddress(args[0]))
                .channelType(EpollDomainSocketChannel.class).eventLoopGroup(group).overrideAuthority("localhost")
                .withOption(ChannelOption.SO_KEEPALIVE, null) // no TCP keep-alive on a UNIX socket
                .usePlaintext().build();
        int rc = 0;
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
        } catch (StatusRuntimeException e) {
            System.err.println(e.getStatus().getCode() + ": " + e.getStatus().getDescription());
            rc = 2;
        } finally {
            channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
        System.exit(rc);
    }
}
