package dev.jdock.daemon.cri;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.cri.v1.ImageServiceGrpc;
import dev.jdock.daemon.cri.v1.RuntimeServiceGrpc;
import io.grpc.BindableService;
import io.grpc.ServerMethodDefinition;
import io.grpc.ServerServiceDefinition;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class LazyServicesTest {
    /** A CRI service (the generated base: every method unimplemented) that counts its bindings. */
    private static final class Counted implements BindableService {
        final AtomicInteger bindings = new AtomicInteger();
        private final BindableService service;

        Counted(BindableService service) {
            this.service = service;
        }

        @Override
        public ServerServiceDefinition bindService() {
            bindings.incrementAndGet();
            return service.bindService();
        }
    }

    @Test
    void servicesAreBoundOnce_atTheFirstLookup_concurrentOnesIncluded() throws Exception {
        Counted runtime = new Counted(new RuntimeServiceGrpc.RuntimeServiceImplBase() { });
        Counted images = new Counted(new ImageServiceGrpc.ImageServiceImplBase() { });
        LazyServices lazy = new LazyServices(List.of(runtime, images));
        assertFalse(lazy.isBound());
        assertEquals(0, runtime.bindings.get() + images.bindings.get(), "nothing bound at start");

        CountDownLatch go = new CountDownLatch(1);
        List<Thread> callers = new ArrayList<>();
        List<ServerMethodDefinition<?, ?>> found = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int i = 0; i < 8; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                found.add(lazy.lookupMethod("runtime.v1.RuntimeService/Version", null));
            });
            t.start();
            callers.add(t);
        }
        go.countDown();
        for (Thread t : callers) {
            t.join(10_000);
        }
        assertTrue(lazy.isBound());
        assertEquals(1, runtime.bindings.get());
        assertEquals(1, images.bindings.get());
        assertEquals(8, found.size());
        assertTrue(found.stream().allMatch(m -> m == found.get(0)), "one definition for all");
        assertEquals("runtime.v1.RuntimeService/Version", found.get(0).getMethodDescriptor().getFullMethodName());

        assertEquals("runtime.v1.ImageService/ListImages",
                lazy.lookupMethod("runtime.v1.ImageService/ListImages", null).getMethodDescriptor()
                        .getFullMethodName());
        assertNull(lazy.lookupMethod("runtime.v1.RuntimeService/NoSuchCall", null), "unknown: UNIMPLEMENTED");
        assertEquals(List.of("runtime.v1.RuntimeService", "runtime.v1.ImageService"),
                lazy.getServices().stream().map(d -> d.getServiceDescriptor().getName()).toList());
        assertSame(lazy.getServices(), lazy.getServices());
        assertEquals(1, runtime.bindings.get(), "still bound once");
    }
}
