package dev.jdock.daemon.image;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.jdock.api.Json;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.Compression;
import dev.jdock.daemon.layer.SafePaths;
import dev.jdock.daemon.layer.TarGuard;
import dev.jdock.daemon.store.DiskErrors;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * {@code POST /images/load}: reads a docker-archive or OCI layout tar (optionally compressed) as a stream. Every file
 * entry is spooled to disk as it passes ({@link ArchiveSpool}: manifest.json may come last); once the archive ends
 * the manifest decides the layer order and each image is registered. Spooled files are discarded at the end.
 */
final class ImageLoader {
    private static final int MAX_METADATA = 16 * 1024 * 1024;

    private final ContentStore content;
    private final ImageStore store;
    private final ImageRegistrar registrar;
    private final Object mutex;
    private ArchiveSpool files;

    ImageLoader(ContentStore content, ImageStore store, ImageRegistrar registrar, Object mutex) {
        this.content = content;
        this.store = store;
        this.registrar = registrar;
        this.mutex = mutex;
    }

    /** A loaded image: its config bytes, layer sources bottom first, and the names to tag it with. */
    private record Pending(byte[] config, List<LayerSource> layers, List<ImageReference> names) {
    }

    /**
     * Spools the archive and unpacks each image's missing layers without the image lock (the client may be slow or
     * stall); the lock is taken only to install the layers and write the record.
     */
    void load(InputStream archive, Consumer<String> out) {
        try (ArchiveSpool spool = new ArchiveSpool(content)) {
            files = spool;
            spool(archive);
            List<Pending> images = files.contains("manifest.json") ? dockerArchive() : ociLayout();
            for (Pending p : images) {
                try (ImageRegistrar.Prepared prepared = registrar.prepare(p.config, p.layers)) {
                    synchronized (mutex) {
                        ImageRecord r = registrar.commit(prepared);
                        announce(r, p.names, out);
                    }
                }
            }
        } catch (IOException e) {
            throw DiskErrors.inputOrDisk("reading image archive", e);
        }
    }

    private void announce(ImageRecord r, List<ImageReference> names, Consumer<String> out) {
        if (names.isEmpty()) {
            out.accept("Loaded image ID: " + r.id());
            return;
        }
        for (ImageReference name : names) {
            Optional<String> old = store.addRef(name, r.id());
            old.ifPresent(o -> out.accept("The image " + name.familiarString()
                    + " already exists, renaming the old one with ID " + o + " to empty string"));
            out.accept("Loaded image: " + name.familiarString());
        }
    }

    private void spool(InputStream archive) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(new TarGuard(Compression.decompress(archive)), "UTF-8");
        TarArchiveEntry e;
        while ((e = tar.getNextEntry()) != null) {
            String name = SafePaths.clean(e.getName());
            if (e.isSymbolicLink()) {
                String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
                files.link(name, SafePaths.clean(e.getLinkName().startsWith("/") ? e.getLinkName()
                        : dir + e.getLinkName()));
            } else if (e.isLink()) {
                files.link(name, SafePaths.clean(e.getLinkName()));
            } else if (e.isFile()) {
                files.file(name, tar);
            }
        }
    }

    private ArchiveSpool.Entry file(String name) {
        return files.get(SafePaths.clean(name)).orElseThrow(
                () -> EngineException.invalid("invalid image archive: " + name + " is missing"));
    }

    private byte[] read(String name) throws IOException {
        ArchiveSpool.Entry f = file(name);
        if (f.size() > MAX_METADATA) {
            throw EngineException.invalid("invalid image archive: " + name + " is too large");
        }
        return Files.readAllBytes(f.path());
    }

    private LayerSource source(String name) {
        ArchiveSpool.Entry f = file(name);
        return () -> Files.newInputStream(f.path());
    }

    private List<Pending> dockerArchive() throws IOException {
        List<ArchiveFormats.ArchiveManifestEntry> manifest = Json.mapper().readValue(read("manifest.json"),
                new TypeReference<List<ArchiveFormats.ArchiveManifestEntry>>() { });
        List<Pending> out = new ArrayList<>();
        for (ArchiveFormats.ArchiveManifestEntry m : manifest) {
            if (m.config() == null) {
                throw EngineException.invalid("invalid manifest.json: an entry has no Config");
            }
            List<LayerSource> layers = new ArrayList<>();
            for (String l : m.layers() == null ? List.<String>of() : m.layers()) {
                layers.add(source(l));
            }
            List<ImageReference> names = new ArrayList<>();
            for (String t : m.repoTags() == null ? List.<String>of() : m.repoTags()) {
                names.add(parseName(t));
            }
            out.add(new Pending(read(m.config()), layers, names));
        }
        return out;
    }

    private static ImageReference parseName(String t) {
        try {
            return ImageReference.parse(t);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid tag " + t + " in archive: " + e.getMessage());
        }
    }

    private List<Pending> ociLayout() throws IOException {
        if (!files.contains("index.json")) {
            throw EngineException.invalid("invalid image archive: neither manifest.json nor index.json found");
        }
        ArchiveFormats.Index index = Json.mapper().readValue(read("index.json"), ArchiveFormats.Index.class);
        List<Pending> out = new ArrayList<>();
        for (ArchiveFormats.Descriptor d : index.manifests() == null ? List.<ArchiveFormats.Descriptor>of()
                : index.manifests()) {
            ArchiveFormats.Descriptor m = platformManifest(d);
            ArchiveFormats.Manifest manifest = Json.mapper().readValue(blob(m.digest()),
                    ArchiveFormats.Manifest.class);
            List<LayerSource> layers = new ArrayList<>();
            for (ArchiveFormats.Descriptor l : manifest.layers() == null ? List.<ArchiveFormats.Descriptor>of()
                    : manifest.layers()) {
                verified(l.digest());
                layers.add(source(blobPath(l.digest())));
            }
            out.add(new Pending(blob(manifest.config().digest()), layers, ociNames(d.annotations())));
        }
        return out;
    }

    /** Follows a nested index to the linux/amd64 (else the first) manifest. */
    private ArchiveFormats.Descriptor platformManifest(ArchiveFormats.Descriptor d) throws IOException {
        ArchiveFormats.Descriptor cur = d;
        for (int depth = 0; depth < 4; depth++) {
            if (!ArchiveFormats.OCI_INDEX.equals(cur.mediaType())
                    && !ArchiveFormats.DOCKER_MANIFEST_LIST.equals(cur.mediaType())) {
                return cur;
            }
            ArchiveFormats.Index nested = Json.mapper().readValue(blob(cur.digest()), ArchiveFormats.Index.class);
            if (nested.manifests() == null || nested.manifests().isEmpty()) {
                throw EngineException.invalid("invalid image archive: empty index " + cur.digest());
            }
            cur = nested.manifests().stream().filter(x -> x.platform() != null
                    && "amd64".equals(x.platform().architecture()) && "linux".equals(x.platform().os()))
                    .findFirst().orElse(nested.manifests().get(0));
        }
        throw EngineException.invalid("invalid image archive: indexes nested too deeply");
    }

    private static List<ImageReference> ociNames(Map<String, String> annotations) {
        if (annotations == null) {
            return List.of();
        }
        String name = annotations.get(ArchiveFormats.ANNOTATION_CONTAINERD_NAME);
        if (name == null) {
            String ref = annotations.get(ArchiveFormats.ANNOTATION_REF_NAME);
            if (ref != null && (ref.contains("/") || ref.contains(":"))) {
                name = ref;
            }
        }
        return name == null ? List.of() : List.of(parseName(name));
    }

    private static String blobPath(String digest) {
        Digest d = parseDigest(digest);
        return "blobs/" + d.algorithm() + "/" + d.hex();
    }

    private static Digest parseDigest(String digest) {
        try {
            return Digest.parse(digest);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid image archive: bad digest " + digest);
        }
    }

    private void verified(String digest) {
        Digest expected = parseDigest(digest);
        Digest actual = file(blobPath(digest)).digest();
        if (!actual.equals(expected)) {
            throw EngineException.invalid("invalid image archive: blob " + digest + " has digest " + actual);
        }
    }

    private byte[] blob(String digest) throws IOException {
        verified(digest);
        return read(blobPath(digest));
    }
}
