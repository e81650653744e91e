package dev.jdock.daemon.registry;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens by (registry, identity, scopes), reused until shortly before they expire (Docker's default lifetime
 * is 60 s when the token server names none). Shared by every pull and push of the daemon.
 */
final class TokenCache {
    private static final long MARGIN_SECONDS = 5;

    private final Clock clock;
    private final Map<String, Entry> tokens = new ConcurrentHashMap<>();
    /** domain → the last Bearer challenge seen there, so later calls ask for a token before the first request. */
    private final Map<String, Challenge> challenges = new ConcurrentHashMap<>();

    private record Entry(String token, Instant expires) {
    }

    TokenCache(Clock clock) {
        this.clock = clock;
    }

    static String key(String domain, String identity, String scopes) {
        return domain + "|" + identity + "|" + scopes;
    }

    Optional<String> get(String key) {
        Entry e = tokens.get(key);
        if (e == null || !clock.instant().isBefore(e.expires())) {
            tokens.remove(key, e);
            return Optional.empty();
        }
        return Optional.of(e.token());
    }

    void put(String key, String token, long expiresInSeconds, Instant issuedAt) {
        long life = expiresInSeconds > 0 ? expiresInSeconds : 60;
        Instant base = issuedAt != null && issuedAt.isBefore(clock.instant()) ? issuedAt : clock.instant();
        tokens.put(key, new Entry(token, base.plusSeconds(Math.max(1, life - MARGIN_SECONDS))));
    }

    void invalidate(String key) {
        tokens.remove(key);
    }

    Optional<Challenge> challenge(String domain) {
        return Optional.ofNullable(challenges.get(domain));
    }

    void rememberChallenge(String domain, Challenge c) {
        challenges.put(domain, c);
    }
}
