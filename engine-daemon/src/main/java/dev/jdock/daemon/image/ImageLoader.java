package dev.jdock.daemon.image;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
    /** A config as large as a pull takes (and inspect reads back). */
    private static final int MAX_CONFIG = ImagePuller.MAX_CONFIG;
    /** manifest.json, index.json and OCI manifests: as large as a registry manifest may be. */
    private static final int MAX_MANIFEST = 4 * 1024 * 1024;
    /** Images in one archive (manifest.json entries or index.json manifests). */
    static final int MAX_IMAGES = 4096;

    private final ContentStore content;
    private final ImageStore store;
    private final ImageRegistrar registrar;
    private final Object mutex;
    private ArchiveSpool files;
    private ProgressStream progress = ProgressStream.discarding();

    ImageLoader(ContentStore content, ImageStore store, ImageRegistrar registrar, Object mutex) {
        this.content = content;
        this.store = store;
        this.registrar = registrar;
        this.mutex = mutex;
    }

    /** A loaded image: its config bytes, layer sources bottom first, and the names to tag it with. */
    private record Pending(byte[] config, List<LayerSource> layers, List<ImageReference> names) {
    }

    /** What to do with each image of the archive, in order. */
    @FunctionalInterface
    private interface Images {
        void accept(Pending p) throws IOException;
    }

    /**
     * Spools the archive and unpacks each image's missing layers without the image lock (the client may be slow or
     * stall); the lock is taken only to install the layers and write the record. Images are read and registered one
     * at a time: the manifest is parsed as a stream and only one image's config is held (a manifest.json naming one
     * large config thousands of times used to hold a copy per entry).
     */
    void load(InputStream archive, Consumer<String> out) {
        load(archive, out, ProgressStream.discarding());
    }

    /** As {@link #load(InputStream, Consumer)}, with a "Loading layer" bar per layer unpacked to {@code progress}. */
    void load(InputStream archive, Consumer<String> out, ProgressStream progress) {
        this.progress = progress;
        try (ArchiveSpool spool = new ArchiveSpool(content)) {
            files = spool;
            spool(archive);
            Images register = p -> register(p, out);
            if (files.contains("manifest.json")) {
                dockerArchive(register);
            } else {
                ociLayout(register);
            }
        } catch (IOException e) {
            throw DiskErrors.inputOrDisk("reading image archive", e);
        }
    }

    private void register(Pending p, Consumer<String> out) {
        try (ImageRegistrar.Prepared prepared = registrar.prepare(p.config, p.layers, progress)) {
            synchronized (mutex) {
                ImageRecord r = registrar.commit(prepared);
                announce(r, p.names, out);
            }
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

    private byte[] read(String name, int max) throws IOException {
        ArchiveSpool.Entry f = file(name);
        if (f.size() > max) {
            throw EngineException.invalid("invalid image archive: " + name + " is larger than " + (max >> 20)
                    + " MiB");
        }
        return Files.readAllBytes(f.path());
    }

    private static void counted(int images) {
        if (images > MAX_IMAGES) {
            throw EngineException.invalid("invalid image archive: more than " + MAX_IMAGES + " images");
        }
    }

    private LayerSource source(String name) {
        ArchiveSpool.Entry f = file(name);
        return new LayerSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(f.path());
            }

            @Override
            public long size() {
                return f.size();
            }
        };
    }

    /** manifest.json's entries, parsed one at a time (an array of objects). */
    private void dockerArchive(Images sink) throws IOException {
        try (JsonParser p = Json.mapper().createParser(read("manifest.json", MAX_MANIFEST))) {
            if (p.nextToken() != JsonToken.START_ARRAY) {
                throw EngineException.invalid("invalid manifest.json: not an array");
            }
            int images = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t != JsonToken.START_OBJECT) {
                    throw EngineException.invalid("invalid manifest.json: an entry is not an object");
                }
                counted(++images);
                sink.accept(pending(p.readValueAs(ArchiveFormats.ArchiveManifestEntry.class)));
            }
        }
    }

    private Pending pending(ArchiveFormats.ArchiveManifestEntry m) throws IOException {
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
        return new Pending(read(m.config(), MAX_CONFIG), layers, names);
    }

    private static ImageReference parseName(String t) {
        try {
            return ImageReference.parse(t);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid tag " + t + " in archive: " + e.getMessage());
        }
    }

    private void ociLayout(Images sink) throws IOException {
        if (!files.contains("index.json")) {
            throw EngineException.invalid("invalid image archive: neither manifest.json nor index.json found");
        }
        ArchiveFormats.Index index = Json.mapper().readValue(read("index.json", MAX_MANIFEST),
                ArchiveFormats.Index.class);
        List<ArchiveFormats.Descriptor> manifests = index.manifests() == null ? List.of() : index.manifests();
        counted(manifests.size());
        for (ArchiveFormats.Descriptor d : manifests) {
            ArchiveFormats.Descriptor m = platformManifest(d);
            ArchiveFormats.Manifest manifest = Json.mapper().readValue(blob(m.digest(), MAX_MANIFEST),
                    ArchiveFormats.Manifest.class);
            List<LayerSource> layers = new ArrayList<>();
            for (ArchiveFormats.Descriptor l : manifest.layers() == null ? List.<ArchiveFormats.Descriptor>of()
                    : manifest.layers()) {
                verified(l.digest());
                layers.add(source(blobPath(l.digest())));
            }
            sink.accept(new Pending(blob(manifest.config().digest(), MAX_CONFIG), layers,
                    ociNames(d.annotations())));
        }
    }

    /** Follows a nested index to the linux/amd64 (else the first) manifest. */
    private ArchiveFormats.Descriptor platformManifest(ArchiveFormats.Descriptor d) throws IOException {
        ArchiveFormats.Descriptor cur = d;
        for (int depth = 0; depth < 4; depth++) {
            if (!ArchiveFormats.OCI_INDEX.equals(cur.mediaType())
                    && !ArchiveFormats.DOCKER_MANIFEST_LIST.equals(cur.mediaType())) {
                return cur;
            }
            ArchiveFormats.Index nested = Json.mapper().readValue(blob(cur.digest(), MAX_MANIFEST),
                    ArchiveFormats.Index.class);
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

    private byte[] blob(String digest, int max) throws IOException {
        verified(digest);
        return read(blobPath(digest), max);
    }
}
