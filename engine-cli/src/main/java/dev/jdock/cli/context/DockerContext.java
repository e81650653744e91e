package dev.jdock.cli.context;

import dev.jdock.api.MiniJson;
import dev.jdock.cli.format.JsonWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A context's {@code meta.json} as the docker CLI writes it:
 * {@code {"Name":…,"Metadata":{"Description":…},"Endpoints":{"docker":{"Host":…,"SkipTLSVerify":…}}}}. Metadata
 * and endpoints other than {@code docker} are kept as read.
 */
public record DockerContext(String name, Map<String, Object> metadata, Map<String, Object> endpoints) {
    public static final String DOCKER = "docker";

    public DockerContext {
        metadata = metadata == null ? new LinkedHashMap<>() : new LinkedHashMap<>(metadata);
        endpoints = endpoints == null ? new LinkedHashMap<>() : new LinkedHashMap<>(endpoints);
    }

    /** A context with a description (may be empty) and one docker endpoint. */
    public static DockerContext of(String name, String description, String host, boolean skipTlsVerify) {
        Map<String, Object> meta = new LinkedHashMap<>();
        if (description != null && !description.isEmpty()) {
            meta.put("Description", description);
        }
        Map<String, Object> endpoints = new LinkedHashMap<>();
        endpoints.put(DOCKER, dockerEndpoint(host, skipTlsVerify));
        return new DockerContext(name, meta, endpoints);
    }

    /** Reads a {@code meta.json}. */
    public static DockerContext parse(byte[] json) throws IOException {
        Object root = MiniJson.parse(json);
        if (!(root instanceof Map)) {
            throw new IOException("meta.json is not a JSON object");
        }
        return new DockerContext(MiniJson.str(root, "Name"), MiniJson.obj(root, "Metadata"),
                MiniJson.obj(root, "Endpoints"));
    }

    /**
     * The {@code meta.json} bytes as docker's {@code json.Marshal} writes them: compact, HTML characters escaped,
     * the fields {@code Name}, {@code Metadata}, {@code Endpoints} (left out when empty), maps in key order.
     */
    public byte[] toJson() {
        Map<String, Object> root = new LinkedHashMap<>();
        if (name != null && !name.isEmpty()) {
            root.put("Name", name);
        }
        root.put("Metadata", JsonWriter.sorted(metadata));
        if (!endpoints.isEmpty()) {
            root.put("Endpoints", JsonWriter.sorted(endpoints));
        }
        return JsonWriter.goMarshal(root).getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The context as docker reads it into its types before it writes it again (export, update): an empty
     * {@code Description} dropped, and the docker endpoint only {@code Host} (when not empty) and
     * {@code SkipTLSVerify}.
     */
    public DockerContext typed() {
        Map<String, Object> meta = new LinkedHashMap<>(metadata);
        if ("".equals(meta.get("Description"))) {
            meta.remove("Description");
        }
        Map<String, Object> eps = new LinkedHashMap<>(endpoints);
        if (eps.containsKey(DOCKER)) {
            eps.put(DOCKER, dockerEndpoint(dockerHost(), skipTlsVerify()));
        }
        return new DockerContext(name, meta, eps);
    }

    /** A docker endpoint's fields as docker writes them ({@code Host} left out when empty). */
    public static Map<String, Object> dockerEndpoint(String host, boolean skipTlsVerify) {
        Map<String, Object> docker = new LinkedHashMap<>();
        if (host != null && !host.isEmpty()) {
            docker.put("Host", host);
        }
        docker.put("SkipTLSVerify", skipTlsVerify);
        return docker;
    }

    /** This context with another name, description (when not null) or docker endpoint (when not null). */
    public DockerContext with(String newName, String description, Map<String, Object> docker) {
        Map<String, Object> meta = new LinkedHashMap<>(metadata);
        if (description != null) {
            meta.put("Description", description);
        }
        Map<String, Object> eps = new LinkedHashMap<>(endpoints);
        if (docker != null) {
            eps.put(DOCKER, docker);
        }
        return new DockerContext(newName, meta, eps);
    }

    public String description() {
        Object d = metadata.get("Description");
        return d instanceof String s ? s : "";
    }

    /** The docker endpoint's {@code Host}, "" when there is none. */
    public String dockerHost() {
        Object h = MiniJson.obj(endpoints, DOCKER).get("Host");
        return h instanceof String s ? s : "";
    }

    public boolean skipTlsVerify() {
        return Boolean.TRUE.equals(MiniJson.obj(endpoints, DOCKER).get("SkipTLSVerify"));
    }
}
