package dev.jdock.daemon.cri.stream;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * The requests waiting for their client, as the kubelet's streaming request cache keeps them: each under a random
 * single-use token (cryptographically random, URL-safe), for {@link #TTL} at most, {@link #MAX_ENTRIES} at once (a
 * request beyond that is refused, not an older one dropped).
 */
public final class RequestCache {
    public static final Duration TTL = Duration.ofMinutes(1);
    public static final int MAX_ENTRIES = 1000;
    /** 128 bits: a token cannot be guessed while it lives. */
    private static final int TOKEN_BYTES = 16;

    private final SecureRandom random = new SecureRandom();
    private final LongSupplier nanoClock;
    private final long ttlNanos;
    private final int maxEntries;
    /** In insertion order, which is expiry order. */
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private record Entry(StreamRequest request, long expiresAt) {
    }

    /** Thrown when {@link #MAX_ENTRIES} requests wait already. */
    public static final class FullException extends RuntimeException {
        FullException(int max) {
            super("too many streaming requests in progress: " + max + " wait for their client; retry later");
        }
    }

    public RequestCache() {
        this(System::nanoTime, TTL, MAX_ENTRIES);
    }

    RequestCache(LongSupplier nanoClock, Duration ttl, int maxEntries) {
        this.nanoClock = nanoClock;
        this.ttlNanos = ttl.toNanos();
        this.maxEntries = maxEntries;
    }

    /** Stores {@code request} and returns its token; {@link FullException} when the cache is full. */
    public synchronized String put(StreamRequest request) {
        long now = nanoClock.getAsLong();
        evictExpired(now);
        if (entries.size() >= maxEntries) {
            throw new FullException(maxEntries);
        }
        String token;
        do {
            byte[] b = new byte[TOKEN_BYTES];
            random.nextBytes(b);
            token = Base64.getUrlEncoder().withoutPadding().encodeToString(b);
        } while (entries.containsKey(token));
        entries.put(token, new Entry(request, now + ttlNanos));
        return token;
    }

    /** The request of {@code token}, removed: a token works once, and not after its expiry. */
    public synchronized Optional<StreamRequest> consume(String token) {
        long now = nanoClock.getAsLong();
        evictExpired(now);
        Entry e = entries.remove(token);
        return e == null ? Optional.empty() : Optional.of(e.request());
    }

    synchronized int size() {
        evictExpired(nanoClock.getAsLong());
        return entries.size();
    }

    private void evictExpired(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext();) {
            if (now - it.next().expiresAt() < 0) {
                return;
            }
            it.remove();
        }
    }
}
