package dev.jdock.daemon.registry;

import dev.jdock.api.value.ImageReference;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;

/**
 * Where a registry domain is reached, as Docker decides it: {@code docker.io} is {@code registry-1.docker.io} (after
 * the mirrors, for pulls); insecure registries (configured, or loopback as Docker's default 127.0.0.0/8) try HTTPS
 * without verification, then plain HTTP; every other registry is HTTPS with the system roots plus
 * {@code certs.d/<host:port>/}. One HttpClient per (domain, verification).
 */
final class RegistryHosts {
    static final String DOCKER_HUB_HOST = "registry-1.docker.io";
    /** Docker Hub's search index (moby's IndexServer, {@code https://index.docker.io/v1/}). */
    static final String DOCKER_HUB_INDEX = "index.docker.io";

    /** Read at each call: a reload (SIGHUP) changes mirrors and insecure registries for the next pull or push. */
    private final Supplier<RegistryConfig> config;
    private final Map<String, HttpClient> clients = new ConcurrentHashMap<>();
    private final ClientCertRequests certRequests = new ClientCertRequests();
    /** Made at the first use: an HttpClient costs a selector thread and its classes, which idling needs not. */
    private volatile HttpClient plain;
    /** domain → base URI that answered last time (so later calls skip the HTTPS attempt on a plain registry). */
    private final Map<String, URI> working = new ConcurrentHashMap<>();

    RegistryHosts(Supplier<RegistryConfig> config) {
        this.config = config;
    }

    private HttpClient plain() {
        HttpClient c = plain;
        if (c == null) {
            synchronized (this) {
                c = plain;
                if (c == null) {
                    c = plain = newClient(null);
                }
            }
        }
        return c;
    }

    private static HttpClient newClient(SSLContext ssl) {
        HttpClient.Builder b = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(30));
        if (ssl != null) {
            b.sslContext(ssl);
        }
        return b.build();
    }

    /** Where {@code /v1/search} goes: Docker Hub's index for docker.io (no mirror), else as a push would go. */
    List<Endpoint> searchEndpoints(String domain) {
        if (domain.equals(ImageReference.DEFAULT_DOMAIN)) {
            return List.of(new Endpoint(domain, URI.create("https://" + DOCKER_HUB_INDEX), false, false,
                    client(DOCKER_HUB_INDEX, true)));
        }
        return endpoints(domain, true);
    }

    /** The endpoints for {@code domain}, in the order to try them. */
    List<Endpoint> endpoints(String domain, boolean push) {
        List<Endpoint> out = new ArrayList<>();
        if (domain.equals(ImageReference.DEFAULT_DOMAIN)) {
            if (!push) {
                for (String m : config.get().mirrors()) {
                    URI u = URI.create(m.contains("://") ? m : "https://" + m);
                    boolean secure = u.getScheme().equals("https");
                    out.add(new Endpoint(domain, u, true, true,
                            secure ? client(u.getRawAuthority(), !isInsecure(u.getRawAuthority())) : plain()));
                }
            }
            out.add(new Endpoint(domain, URI.create("https://" + DOCKER_HUB_HOST), false, false,
                    client(DOCKER_HUB_HOST, true)));
            return out;
        }
        if (!isInsecure(domain)) {
            out.add(new Endpoint(domain, URI.create("https://" + domain), false, false, client(domain, true)));
            return out;
        }
        Endpoint https = new Endpoint(domain, URI.create("https://" + domain), false, true, client(domain, false));
        Endpoint http = new Endpoint(domain, URI.create("http://" + domain), false, false, plain());
        if (http.base().equals(working.get(domain))) {
            out.add(http);
            out.add(https);
        } else {
            out.add(https);
            out.add(http);
        }
        return out;
    }

    /** A client for a URI outside the registry's endpoints (token realm, blob storage redirect). */
    HttpClient clientFor(URI uri) {
        if (!"https".equalsIgnoreCase(uri.getScheme())) {
            return plain();
        }
        String authority = uri.getRawAuthority();
        return client(authority, !isInsecure(authority));
    }

    void remember(Endpoint e) {
        working.put(e.domain(), e.base());
    }

    /** The client for a TLS host; rebuilt when its certs.d files change (Docker reads them for every pull). */
    private HttpClient client(String authority, boolean verify) {
        List<Path> dirs = certDirs(authority);
        String key = authority + (verify ? "" : "#insecure") + "#" + stamp(dirs);
        return clients.computeIfAbsent(key, k -> newClient(TlsContexts.build(dirs, verify, certRequests)));
    }

    /** Whether the TLS server at {@code uri} asked for a client certificate that jdock had none of. */
    boolean askedForClientCertificate(URI uri) {
        return certRequests.askedWithout(uri);
    }

    /** {@code <root>/<host:port>} for every certs.d root, in the order they are read. */
    List<Path> certDirs(String authority) {
        List<Path> dirs = new ArrayList<>();
        for (Path root : config.get().certsRoots()) {
            dirs.add(root.resolve(authority));
        }
        return dirs;
    }

    /** Names, sizes and mtimes of the files in {@code dirs}: changes whenever a certificate is added or replaced. */
    private static String stamp(List<Path> dirs) {
        StringBuilder sb = new StringBuilder();
        for (Path d : dirs) {
            if (!Files.isDirectory(d)) {
                continue;
            }
            try (Stream<Path> files = Files.list(d)) {
                files.sorted().forEach(f -> {
                    try {
                        sb.append(f.getFileName()).append(':').append(Files.size(f)).append(':')
                                .append(Files.getLastModifiedTime(f).toMillis()).append(';');
                    } catch (IOException e) {
                        sb.append(f.getFileName()).append(":?;");
                    }
                });
            } catch (IOException e) {
                sb.append(d).append(":?;");
            }
        }
        return Integer.toHexString(sb.toString().hashCode());
    }

    /** Docker's isSecureIndex, inverted: configured names, CIDRs (default 127.0.0.0/8) and loopback names. */
    boolean isInsecure(String authority) {
        List<String> insecure = config.get().insecureRegistries();
        if (insecure.contains(authority)) {
            return true;
        }
        String host = hostOf(authority);
        if (insecure.contains(host) || host.equals("localhost") || host.equals("::1")) {
            return true;
        }
        List<String> cidrs = new ArrayList<>(List.of("127.0.0.0/8"));
        insecure.stream().filter(s -> s.contains("/")).forEach(cidrs::add);
        for (InetAddress a : addresses(host, cidrs.size() > 1)) {
            for (String c : cidrs) {
                if (Cidr.contains(c, a)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String hostOf(String authority) {
        if (authority.startsWith("[")) {
            return authority.substring(1, authority.indexOf(']'));
        }
        int colon = authority.lastIndexOf(':');
        return colon > 0 ? authority.substring(0, colon) : authority;
    }

    /** Literal IPs always; names are resolved only when the user configured CIDRs (Docker resolves them too). */
    private static List<InetAddress> addresses(String host, boolean resolveNames) {
        boolean literal = host.matches("[0-9.]+") || host.contains(":");
        if (!literal && !resolveNames) {
            return List.of();
        }
        try {
            return List.of(InetAddress.getAllByName(host));
        } catch (UnknownHostException e) {
            return List.of();
        }
    }

    /** IPv4/IPv6 CIDR membership. */
    static final class Cidr {
        private Cidr() {
        }

        static boolean contains(String cidr, InetAddress a) {
            int slash = cidr.indexOf('/');
            try {
                byte[] net = InetAddress.getByName(cidr.substring(0, slash)).getAddress();
                int bits = Integer.parseInt(cidr.substring(slash + 1));
                byte[] ip = a.getAddress();
                if (net.length != ip.length) {
                    return false;
                }
                for (int i = 0; i < bits; i++) {
                    int mask = 0x80 >> (i % 8);
                    if ((net[i / 8] & mask) != (ip[i / 8] & mask)) {
                        return false;
                    }
                }
                return true;
            } catch (UnknownHostException | NumberFormatException e) {
                return false;
            }
        }
    }
}
