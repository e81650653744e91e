package dev.jdock.daemon.container;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.jdock.runtime.spec.UserNamespaceSpec;
import java.util.Map;
import java.util.Set;

/**
 * What ties a Kubernetes CRI container to its pod sandbox: set only by the CRI (never from an Engine API request:
 * no API type carries it), kept in the container's record. The namespaces it names are joined by path, its log is
 * written in the CRI format at a path the kubelet chose, the pod's files are bind-mounted from the sandbox's run
 * directory: none of that is open to an Engine API client.
 *
 * @param sandboxId  the pod sandbox
 * @param namespaces per type ({@code net}, {@code ipc}, {@code uts}, {@code pid}): {@link #HOST} (the host's: no
 *                   namespace of its own), {@link #PRIVATE} (a new one) or the absolute path of one to join; a type
 *                   not named keeps Docker's default
 * @param logPath    the CRI log file on the host (absolute), empty for none
 * @param etcDir     the sandbox's directory with its {@code hostname}, {@code hosts} and {@code resolv.conf} (each
 *                   bind-mounted into the container when it exists), empty for none
 * @param shmDir     the pod's {@code /dev/shm} on the host (the sandbox's tmpfs, or the host's /dev/shm), bound on the
 *                   container's while it is a mount point; empty (records before it): a tmpfs of the container's own
 * @param metadata   the kubelet's name of the container, its attempt, the image as asked for, labels and annotations,
 *                   as given (the CRI shows them back unchanged)
 * @param strictGroups SupplementalGroupsPolicy Strict: the user's groups in the image's {@code /etc/group} are not
 *                   added (Merge, the default and what records before it had: they are, also with an explicit group)
 * @param userns     the pod's user namespace, joined (its infra's) with its rootfs and binds idmapped to it; null:
 *                   the host's (and records before it)
 */
public record PodLink(
        @JsonProperty("SandboxId") String sandboxId,
        @JsonProperty("Namespaces") Map<String, String> namespaces,
        @JsonProperty("LogPath") String logPath,
        @JsonProperty("EtcDir") String etcDir,
        @JsonProperty("ShmDir") String shmDir,
        @JsonProperty("Metadata") Metadata metadata,
        @JsonProperty("StrictGroups") boolean strictGroups,
        @JsonProperty("Userns") Userns userns) {
    /** The pod's user namespace: the path to join and the pod's ranges. */
    public record Userns(
            @JsonProperty("Path") String path,
            @JsonProperty("Uids") UserNamespaceSpec.IdMapping uids,
            @JsonProperty("Gids") UserNamespaceSpec.IdMapping gids) {
        public Userns {
            if (path == null || !path.startsWith("/") || uids == null || gids == null) {
                throw new IllegalArgumentException("a pod's user namespace needs its path and ranges");
            }
        }

        public UserNamespaceSpec spec() {
            return UserNamespaceSpec.join(java.nio.file.Path.of(path), uids, gids);
        }
    }

    /** What the CRI was asked for and shows back. */
    public record Metadata(
            @JsonProperty("Name") String name,
            @JsonProperty("Attempt") int attempt,
            @JsonProperty("Image") String image,
            @JsonProperty("Labels") Map<String, String> labels,
            @JsonProperty("Annotations") Map<String, String> annotations) {
        public Metadata {
            name = name == null ? "" : name;
            image = image == null ? "" : image;
            labels = labels == null ? Map.of() : Map.copyOf(labels);
            annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
        }
    }

    public static final String HOST = "host";
    public static final String PRIVATE = "private";
    /** The namespace types a link may set. */
    public static final Set<String> TYPES = Set.of("net", "ipc", "uts", "pid");

    /** SupplementalGroupsPolicy Merge. */
    public PodLink(String sandboxId, Map<String, String> namespaces, String logPath, String etcDir, String shmDir,
            Metadata metadata) {
        this(sandboxId, namespaces, logPath, etcDir, shmDir, metadata, false);
    }

    /** In the host's user namespace. */
    public PodLink(String sandboxId, Map<String, String> namespaces, String logPath, String etcDir, String shmDir,
            Metadata metadata, boolean strictGroups) {
        this(sandboxId, namespaces, logPath, etcDir, shmDir, metadata, strictGroups, null);
    }

    public PodLink {
        if (sandboxId == null || sandboxId.isEmpty()) {
            throw new IllegalArgumentException("a pod link needs its sandbox");
        }
        namespaces = namespaces == null ? Map.of() : Map.copyOf(namespaces);
        for (Map.Entry<String, String> e : namespaces.entrySet()) {
            if (!TYPES.contains(e.getKey())) {
                throw new IllegalArgumentException("a pod link cannot set the " + e.getKey() + " namespace");
            }
            String v = e.getValue();
            if (!v.equals(HOST) && !v.equals(PRIVATE) && !v.startsWith("/")) {
                throw new IllegalArgumentException("namespace " + e.getKey() + ": " + v
                        + " is neither host, private nor an absolute path");
            }
        }
        logPath = logPath == null ? "" : logPath;
        etcDir = etcDir == null ? "" : etcDir;
        shmDir = shmDir == null ? "" : shmDir;
        metadata = metadata == null ? new Metadata("", 0, "", null, null) : metadata;
        if (!logPath.isEmpty() && !logPath.startsWith("/")) {
            throw new IllegalArgumentException("the CRI log path must be absolute: " + logPath);
        }
        if (!shmDir.isEmpty() && !shmDir.startsWith("/")) {
            throw new IllegalArgumentException("the pod's /dev/shm must be an absolute path: " + shmDir);
        }
    }
}
