package dev.jdock.daemon.cri;

import com.google.protobuf.MessageLite;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The answer of a {@code Stream*} list call (KEP-5825, the kubelet's {@code CRIListStreaming}): the items in lists of
 * at least one, each message up to about {@link #CHUNK_BYTES} (an item larger than that goes alone), every item
 * once, then the end of the stream; no message at all for an empty list. Messages are sent as the client reads
 * them (gRPC's readiness), and sending stops when the client cancels.
 */
final class ListStream<T extends MessageLite, R> {
    /** Far below the 16 MiB a kubelet accepts per message, which is what the streaming calls are for. */
    static final int CHUNK_BYTES = 1 << 20;

    private final StreamObserver<R> out;
    private final List<T> items;
    private final Function<List<T>, R> message;
    private final ServerCallStreamObserver<R> flow;
    private int next;
    private boolean done;
    private volatile boolean cancelled;

    private ListStream(StreamObserver<R> out, List<T> items, Function<List<T>, R> message) {
        this.out = out;
        this.items = items;
        this.message = message;
        this.flow = out instanceof ServerCallStreamObserver<R> s ? s : null;
    }

    /** Sends {@code items} on {@code out}, {@code message} making one response of each list. */
    static <T extends MessageLite, R> void send(StreamObserver<R> out, List<T> items, Function<List<T>, R> message) {
        ListStream<T, R> s = new ListStream<>(out, items, message);
        if (s.flow != null) {
            s.flow.setOnCancelHandler(() -> s.cancelled = true);
            s.flow.setOnReadyHandler(s::drain);
        }
        s.drain();
    }

    private synchronized void drain() {
        while (!done && (flow == null || flow.isReady())) {
            if (cancelled) {
                done = true;
                return;
            }
            if (next >= items.size()) {
                done = true;
                out.onCompleted();
                return;
            }
            out.onNext(message.apply(nextChunk()));
        }
    }

    private List<T> nextChunk() {
        List<T> chunk = new ArrayList<>();
        long bytes = 0;
        while (next < items.size()) {
            int size = items.get(next).getSerializedSize();
            if (!chunk.isEmpty() && bytes + size > CHUNK_BYTES) {
                break;
            }
            chunk.add(items.get(next++));
            bytes += size;
        }
        return chunk;
    }
}
