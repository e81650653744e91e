package dev.jdock.daemon.cri.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RequestCacheTest {
    private final AtomicLong now = new AtomicLong(1_000);
    private final RequestCache cache = new RequestCache(now::get, Duration.ofMinutes(1), 3);
    private final StreamRequest pf = new StreamRequest.PortForward("pod", List.of());

    @Test
    void aTokenIsUrlSafeRandomAndWorksOnce() {
        Set<String> seen = new HashSet<>();
        RequestCache big = new RequestCache();
        for (int i = 0; i < 500; i++) {
            String t = big.put(pf);
            assertTrue(t.matches("[A-Za-z0-9_-]{22}"), t);
            assertTrue(seen.add(t));
        }
        String t = cache.put(pf);
        assertEquals(Optional.of(pf), cache.consume(t));
        assertEquals(Optional.empty(), cache.consume(t));
        assertEquals(Optional.empty(), cache.consume("nope"));
    }

    @Test
    void aTokenExpiresAfterItsTtl() {
        String t = cache.put(pf);
        now.addAndGet(Duration.ofSeconds(59).toNanos());
        String u = cache.put(pf);
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(Optional.empty(), cache.consume(t));
        assertEquals(Optional.of(pf), cache.consume(u));
    }

    @Test
    void aFullCacheRefusesUntilAnEntryGoes() {
        String a = cache.put(pf);
        cache.put(pf);
        cache.put(pf);
        assertThrows(RequestCache.FullException.class, () -> cache.put(pf));
        cache.consume(a);
        assertNotEquals(a, cache.put(pf));
        assertThrows(RequestCache.FullException.class, () -> cache.put(pf));
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        cache.put(pf);
        assertEquals(1, cache.size());
    }
}
