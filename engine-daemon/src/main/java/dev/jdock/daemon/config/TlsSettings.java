package dev.jdock.daemon.config;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.api.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The API's TLS, from dockerd's flags and daemon.json keys ({@code tls}, {@code tlsverify}, {@code tlscacert},
 * {@code tlscert}, {@code tlskey}) with dockerd's rules: giving {@code tlsverify} at all (true or false) turns TLS
 * on, and {@code tlsverify} true requires a client certificate signed by the CA. The files default to
 * {@code $DOCKER_CERT_PATH/{ca,cert,key}.pem}, else {@code ~/.docker}. {@code plainForced}: {@code tls} was set to
 * false explicitly, which is what allows plain TCP on a non-loopback address ({@code TcpExposure}).
 */
public record TlsSettings(boolean enabled, boolean verify, Path caCert, Path cert, Path key, boolean plainForced) {
    /** No TLS, and plain TCP not forced (the defaults). */
    public static final TlsSettings NONE = new TlsSettings(false, false, null, null, null, false);

    /** A flag or daemon.json value each; the flag wins, null where neither is given. */
    public record Inputs(
            @JsonProperty("tls") Boolean tls,
            @JsonProperty("tlsverify") Boolean tlsVerify,
            @JsonProperty("tlscacert") String caCert,
            @JsonProperty("tlscert") String cert,
            @JsonProperty("tlskey") String key) {

        /** daemon.json's TLS keys (other keys are {@code DaemonConfig.FileConfig}'s); none when there is no file. */
        public static Inputs read(Path file) throws IOException {
            if (!Files.exists(file)) {
                return new Inputs(null, null, null, null, null);
            }
            return Json.mapper().readValue(file.toFile(), Inputs.class);
        }

        Inputs over(Inputs file) {
            return new Inputs(first(tls, file.tls), first(tlsVerify, file.tlsVerify), first(caCert, file.caCert),
                    first(cert, file.cert), first(key, file.key));
        }
    }

    /** The settings for {@code flags} over {@code file}, default paths from {@code env}. */
    public static TlsSettings resolve(Inputs flags, Inputs file, Map<String, String> env) {
        Inputs in = flags.over(file);
        boolean enabled = in.tlsVerify != null || Boolean.TRUE.equals(in.tls);
        boolean forced = in.tlsVerify == null && Boolean.FALSE.equals(in.tls);
        String certPath = env.get("DOCKER_CERT_PATH");
        Path dir = certPath != null && !certPath.isEmpty() ? Path.of(certPath)
                : Path.of(env.getOrDefault("HOME", System.getProperty("user.home", "/root")), ".docker");
        return new TlsSettings(enabled, Boolean.TRUE.equals(in.tlsVerify),
                path(in.caCert, dir, "ca.pem"), path(in.cert, dir, "cert.pem"), path(in.key, dir, "key.pem"), forced);
    }

    private static Path path(String given, Path dir, String name) {
        return given != null && !given.isEmpty() ? Path.of(given) : dir.resolve(name);
    }

    private static <T> T first(T a, T b) {
        return a != null ? a : b;
    }
}
