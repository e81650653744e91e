package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The CNI configuration directory ({@code /etc/cni/net.d}, containerd's {@code conf_dir}) and the network it names:
 * its {@code .conf}, {@code .conflist} and {@code .json} files in lexical order of their names, the first that is a
 * valid network wins (containerd's {@code max_conf_num = 1}). A {@code .conflist} is a list; the others are one
 * plugin's conf, converted to a one-plugin list. An invalid file is skipped and reported in
 * {@link Selection#skipped} (go-cni stops at it instead; skipping keeps the choice the same as NetworkReady's, which
 * the kubelet sees). Reads are bounded: at most {@link #MAX_FILES} names and {@link #MAX_FILE_BYTES} per file.
 */
public final class CniConfigs {
    public static final Path DEFAULT_DIR = Path.of("/etc/cni/net.d");
    static final int MAX_FILE_BYTES = 1 << 20;
    static final int MAX_FILES = 1024;
    private static final List<String> EXTENSIONS = List.of(".conf", ".conflist", ".json");
    static final ObjectMapper JSON = new ObjectMapper();

    private final Path dir;

    public CniConfigs(Path dir) {
        this.dir = dir;
    }

    public Path dir() {
        return dir;
    }

    /** The network chosen, if any, and why each file before it was passed over. */
    public record Selection(Optional<NetworkConfigList> network, Path file, List<String> skipped) {
        public Selection {
            skipped = List.copyOf(skipped);
        }

        /** The network, or a {@link CniException} saying that none is configured and why files were skipped. */
        public NetworkConfigList require(Path dir) {
            return network.orElseThrow(() -> CniException.local("cni plugin not initialized: no network config"
                    + " found in " + dir + (skipped.isEmpty() ? "" : " (" + String.join("; ", skipped) + ")")));
        }
    }

    /** Lists and parses the directory now (no caching: the kubelet's CNI set-up may write it at any time). */
    public Selection load() {
        List<String> skipped = new ArrayList<>();
        for (Path f : candidates(skipped)) {
            try {
                NetworkConfigList n = NetworkConfigList.from(JSON.readTree(readBounded(f, MAX_FILE_BYTES)),
                        f.getFileName().toString().endsWith(".conflist"));
                return new Selection(Optional.of(n), f, skipped);
            } catch (CniException e) {
                skipped.add(f.getFileName() + ": " + e.getMessage());
            } catch (JsonProcessingException e) {
                skipped.add(f.getFileName() + ": invalid JSON: " + e.getOriginalMessage());
            } catch (IOException e) {
                skipped.add(f.getFileName() + ": " + e.getMessage());
            }
        }
        return new Selection(Optional.empty(), null, skipped);
    }

    /** Whether the directory holds any file with a CNI configuration's extension (valid or not). */
    public boolean hasAnyConfigFile() {
        return !candidates(new ArrayList<>()).isEmpty();
    }

    private List<Path> candidates(List<String> skipped) {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            int seen = 0;
            for (Path p : ds) {
                if (++seen > MAX_FILES) {
                    skipped.add("more than " + MAX_FILES + " entries: the rest were not read");
                    break;
                }
                String n = p.getFileName().toString();
                if (EXTENSIONS.stream().anyMatch(n::endsWith) && Files.isRegularFile(p)) {
                    files.add(p);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            skipped.add(dir + ": " + e.getMessage());
            return List.of();
        }
        files.sort((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
        return files;
    }

    /** At most {@code max} bytes of a regular file; a longer one fails rather than being cut. */
    static byte[] readBounded(Path f, int max) throws IOException {
        if (!Files.isRegularFile(f)) {
            throw new IOException("not a regular file");
        }
        try (InputStream in = Files.newInputStream(f)) {
            byte[] b = in.readNBytes(max + 1);
            if (b.length > max) {
                throw new IOException("larger than " + max + " bytes");
            }
            return b;
        }
    }
}
