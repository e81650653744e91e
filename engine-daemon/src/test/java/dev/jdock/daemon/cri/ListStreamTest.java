package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.v1.PodSandbox;
import dev.jdock.daemon.cri.v1.StreamPodSandboxesResponse;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ListStreamTest {
    private static PodSandbox item(int i, int annotationBytes) {
        return PodSandbox.newBuilder().setId("p" + i).putAnnotations("a", "x".repeat(annotationBytes)).build();
    }

    private static List<StreamPodSandboxesResponse> sent(List<PodSandbox> items) {
        List<StreamPodSandboxesResponse> out = new ArrayList<>();
        boolean[] completed = {false};
        ListStream.send(new StreamObserver<StreamPodSandboxesResponse>() {
            @Override
            public void onNext(StreamPodSandboxesResponse value) {
                assertTrue(!completed[0]);
                out.add(value);
            }

            @Override
            public void onError(Throwable t) {
                throw new AssertionError(t);
            }

            @Override
            public void onCompleted() {
                completed[0] = true;
            }
        }, items, l -> StreamPodSandboxesResponse.newBuilder().addAllPodSandboxes(l).build());
        assertTrue(completed[0], "the stream ends");
        return out;
    }

    @Test
    void itemsGoInOrder_eachOnce_inMessagesOfAtMostTheBound_aLargerItemAlone() {
        List<PodSandbox> items = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            items.add(item(i, i == 3 ? ListStream.CHUNK_BYTES + 10 : 300 << 10));
        }
        List<StreamPodSandboxesResponse> got = sent(items);
        List<PodSandbox> all = new ArrayList<>();
        got.forEach(r -> all.addAll(r.getPodSandboxesList()));
        assertEquals(items, all);
        for (StreamPodSandboxesResponse r : got) {
            assertTrue(r.getPodSandboxesCount() >= 1);
            assertTrue(r.getPodSandboxesCount() == 1 || r.getSerializedSize() <= ListStream.CHUNK_BYTES + 64,
                    "size " + r.getSerializedSize());
        }
        assertEquals(List.of(3, 1, 3), got.stream().map(StreamPodSandboxesResponse::getPodSandboxesCount).toList(),
                "three of 300 KiB, the big one alone, the rest");
    }

    @Test
    void anEmptyList_isNoMessage_andTheEnd() {
        assertEquals(List.of(), sent(List.of()));
    }
}
