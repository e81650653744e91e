package dev.jdock.daemon.registry;

import dev.jdock.api.types.image.ImageSearchResult;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Supplier;

/**
 * The daemon's registry access: endpoints and TLS per host, and the shared token cache. Pulls and pushes ask it for
 * a {@link RegistryClient} bound to one repository and identity.
 */
public final class RegistryService {
    private final Supplier<RegistryConfig> config;
    private final RegistryHosts hosts;
    private final TokenCache tokens;
    private final PullMetrics metrics;

    /** {@code metrics}: where pulls report the blob bytes they receive and how long they took. */
    public RegistryService(RegistryConfig config, PullMetrics metrics) {
        this(() -> config, Clock.systemUTC(), metrics);
    }

    /** Settings read at each call (a reload changes them for the next pull or push). */
    public RegistryService(Supplier<RegistryConfig> config, PullMetrics metrics) {
        this(config, Clock.systemUTC(), metrics);
    }

    RegistryService(RegistryConfig config, Clock clock, PullMetrics metrics) {
        this(() -> config, clock, metrics);
    }

    RegistryService(Supplier<RegistryConfig> config, Clock clock, PullMetrics metrics) {
        this.config = config;
        this.hosts = new RegistryHosts(config);
        this.tokens = new TokenCache(clock);
        this.metrics = metrics;
    }

    /** Where a pull reports its duration (its clients count the bytes themselves). */
    public PullMetrics pullMetrics() {
        return metrics;
    }

    /** The settings in force now. */
    public RegistryConfig config() {
        return config.get();
    }

    /**
     * A client for {@code ref}'s repository. Pull clients ask for {@code pull} scope, push clients for
     * {@code pull,push} plus {@code pull} on every repository in {@code mountFrom} (cross-repository mounts).
     */
    public RegistryClient client(ImageReference ref, AuthConfig auth, boolean push, Collection<String> mountFrom) {
        List<String> scopes = new ArrayList<>();
        scopes.add("repository:" + ref.path() + (push ? ":pull,push" : ":pull"));
        if (mountFrom != null) {
            mountFrom.stream().filter(r -> !r.equals(ref.path())).distinct()
                    .forEach(r -> scopes.add("repository:" + r + ":pull"));
        }
        return new RegistryClient(new RegistryCaller(hosts, tokens, ref.domain(), auth, scopes, push), ref.path(),
                metrics);
    }

    /**
     * {@code POST /auth}: checks the credentials against the registry named by {@code serveraddress} (docker.io when
     * empty). Returns normally when they are accepted; EngineException unauthorized with the registry's message when not.
     */
    public void login(AuthConfig auth) {
        String domain = domainOf(auth.serverAddress());
        requireHost(auth.serverAddress(), domain);
        RegistryCaller caller = new RegistryCaller(hosts, tokens, domain, auth, List.of(), false);
        try {
            caller.call(new ApiChecker());
        } catch (EngineException e) {
            if (e.kind() == ErrorKind.UNAUTHORIZED || e.kind() == ErrorKind.FORBIDDEN) {
                throw new EngineException(ErrorKind.UNAUTHORIZED, e.getMessage(), e);
            }
            throw e;
        }
    }

    /**
     * GET {@code /v1/search?q=&n=} on the search index of {@code domain} (Docker Hub's index for docker.io), with
     * {@code auth} answering the registry's challenges (scope {@code registry:catalog:search}, as moby asks).
     */
    public List<ImageSearchResult> search(String domain, String term, int limit, AuthConfig auth) {
        requireHost(domain, domain);
        RegistryCaller caller = new RegistryCaller(hosts, tokens, domain, auth, List.of("registry:catalog:search"),
                false, true);
        return caller.call(new SearchCall(term, limit));
    }

    /**
     * A client's {@code serveraddress} must name a host a URL can hold (moby 27: 400 {@code unable to parse server
     * address}); else building the request to it would fail as a bug.
     */
    static void requireHost(String serverAddress, String domain) {
        String host;
        try {
            host = new URI("https://" + domain + "/v2/").getHost();
        } catch (URISyntaxException e) {
            host = null;
        }
        if (host == null) {
            throw EngineException.invalid("unable to parse server address: " + serverAddress);
        }
    }

    /** {@code https://index.docker.io/v1/} → docker.io; {@code http://host:5000/x} → host:5000. */
    public static String domainOf(String serverAddress) {
        if (serverAddress == null || serverAddress.isBlank()) {
            return ImageReference.DEFAULT_DOMAIN;
        }
        String s = serverAddress.trim().replaceFirst("^[a-zA-Z]+://", "");
        int slash = s.indexOf('/');
        if (slash >= 0) {
            s = s.substring(0, slash);
        }
        if (s.equals("index.docker.io") || s.equals(RegistryHosts.DOCKER_HUB_HOST) || s.isEmpty()) {
            return ImageReference.DEFAULT_DOMAIN;
        }
        return s;
    }
}
