package dev.jdock.daemon.image;

import dev.jdock.api.Json;
import dev.jdock.api.value.Digest;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.content.ContentStore;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.layer.TarOutput;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /images/get}: writes the images as a tar that both {@code docker load} (manifest.json) and OCI tools
 * (oci-layout, index.json, blobs/sha256) read, as Docker ≥ 25 does. Layers are the original uncompressed tars,
 * rebuilt from the layers' tar-splits ({@link LayerTars}), so their digests equal the diffIDs (checked while
 * streaming: a modified layer aborts the archive). Streamed: no blob is held in memory. The entries' headers are
 * those moby's tarexport gets from archiving its temporary directory (pkg/archive): modes 0644 and 0755 without
 * file type bits, owner 0, and its times: the config and layer blobs and {@code blobs/} at the image's creation,
 * the manifest blob, manifest.json and oci-layout at the epoch, index.json and {@code blobs/sha256/} now.
 */
final class ImageSaver {
    private final ImageService service;
    private final ImageStore store;
    private final ContentStore content;
    private final LayerTars tars;
    private final Set<String> written = new HashSet<>();

    ImageSaver(ImageService service, ImageStore store, ContentStore content, LayerTars tars) {
        this.service = service;
        this.store = store;
        this.content = content;
        this.tars = tars;
    }

    /** Resolves the names and checks every blob exists: all errors happen here, before anything is streamed. */
    ImageService.ImageExport prepare(List<String> names) {
        Map<String, List<ImageReference>> images = select(names);
        for (String id : images.keySet()) {
            ImageRecord r = store.get(id).orElseThrow();
            for (int i = 0; i < r.diffIds().size(); i++) {
                tars.check(r.chainIds().get(i), r.diffIds().get(i));
            }
        }
        return out -> write(images, out);
    }

    private void write(Map<String, List<ImageReference>> images, OutputStream out) {
        try {
            TarOutput tar = new TarOutput(out);
            long now = System.currentTimeMillis() / 1000;
            long created = 0;
            for (String id : images.keySet()) {
                created = store.get(id).map(r -> ImageViews.epochSeconds(r.created())).orElse(0L);
            }
            dir(tar, "blobs/", created);
            dir(tar, "blobs/sha256/", now);
            List<ArchiveFormats.ArchiveManifestEntry> manifest = new ArrayList<>();
            List<ArchiveFormats.Descriptor> index = new ArrayList<>();
            for (Map.Entry<String, List<ImageReference>> e : images.entrySet()) {
                writeImage(tar, e.getKey(), e.getValue(), manifest, index);
            }
            file(tar, "index.json", Json.mapper().writeValueAsBytes(
                    new ArchiveFormats.Index(2, ArchiveFormats.OCI_INDEX, index)), now);
            file(tar, "manifest.json", Json.mapper().writeValueAsBytes(manifest), 0);
            file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8), 0);
            tar.finish();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing image archive", e);
        }
    }

    /** Image ID → the references to write for it, in request order. A bare repository name means all its tags. */
    private Map<String, List<ImageReference>> select(List<String> names) {
        Map<String, List<ImageReference>> out = new LinkedHashMap<>();
        for (String name : names) {
            ImageReference named = namedOrNull(name);
            boolean nameOnly = named != null && named.tag() == null && named.digest() == null;
            if (nameOnly && allTagsOf(named, out)) {
                continue;
            }
            String id = resolve(name, nameOnly ? null : named);
            List<ImageReference> refs = out.computeIfAbsent(id, k -> new ArrayList<>());
            if (named != null && !isIdPrefix(name, id)) {
                ImageReference tagged = named.tag() == null && named.digest() == null
                        ? named.withTag(ImageReference.DEFAULT_TAG) : named;
                if (tagged.tag() != null && !refs.contains(tagged)) {
                    refs.add(tagged);
                }
            }
        }
        return out;
    }

    /**
     * moby tarexport's parseNames: a name with a tag or digest is looked up among the references, else its 404
     * {@code reference does not exist}; anything else (a repository without tags, an ID or its prefix) is searched
     * among the image IDs, else its 404 {@code No such image: <name as given>}.
     */
    private String resolve(String name, ImageReference named) {
        try {
            return service.resolve(name);
        } catch (EngineException e) {
            if (e.kind() != dev.jdock.daemon.errors.ErrorKind.NOT_FOUND) {
                throw e;
            }
            if (named != null && !"sha256".equals(named.familiarName())) {
                throw EngineException.notFound("reference does not exist");
            }
            throw ImageService.noSuchImage(name);
        }
    }

    /** A bare repository name saves all its tags (moby tarexport parseNames); false when it has none. */
    private boolean allTagsOf(ImageReference repo, Map<String, List<ImageReference>> out) {
        boolean found = false;
        for (ImageRecord r : store.all()) {
            for (ImageReference ref : store.refsOf(r.id())) {
                if (ref.name().equals(repo.name()) && ref.tag() != null) {
                    List<ImageReference> refs = out.computeIfAbsent(r.id(), k -> new ArrayList<>());
                    if (!refs.contains(ref)) {
                        refs.add(ref);
                    }
                    found = true;
                }
            }
        }
        return found;
    }

    private static boolean isIdPrefix(String name, String id) {
        String n = name.startsWith("sha256:") ? name.substring(7) : name;
        return id.substring(7).startsWith(n);
    }

    private static ImageReference namedOrNull(String name) {
        try {
            return ImageReference.parseNamed(name);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private void writeImage(TarOutput tar, String id, List<ImageReference> refs,
            List<ArchiveFormats.ArchiveManifestEntry> manifest, List<ArchiveFormats.Descriptor> index)
            throws IOException {
        ImageRecord r = store.get(id).orElseThrow(() -> ImageService.noSuchImage(id));
        Digest config = Digest.parse(id);
        long created = ImageViews.epochSeconds(r.created());
        blob(tar, config, created);
        List<String> layerPaths = new ArrayList<>();
        List<ArchiveFormats.Descriptor> layerDescs = new ArrayList<>();
        for (int i = 0; i < r.diffIds().size(); i++) {
            String diff = r.diffIds().get(i);
            Digest d = Digest.parse(diff);
            long size = layerBlob(tar, r.chainIds().get(i), d, created);
            layerPaths.add(path(d));
            layerDescs.add(new ArchiveFormats.Descriptor(ArchiveFormats.OCI_LAYER, diff, size, null, null));
        }
        byte[] ociManifest = Json.mapper().writeValueAsBytes(new ArchiveFormats.Manifest(2,
                ArchiveFormats.OCI_MANIFEST, new ArchiveFormats.Descriptor(ArchiveFormats.OCI_CONFIG, id,
                        content.size(config), null, null), layerDescs));
        Digest manifestDigest = Digest.sha256(ociManifest);
        if (written.add(manifestDigest.hex())) {
            file(tar, path(manifestDigest), ociManifest, 0);
        }
        List<String> tags = refs.stream().map(ImageReference::familiarString).toList();
        manifest.add(new ArchiveFormats.ArchiveManifestEntry(path(config), tags, layerPaths));
        if (refs.isEmpty()) {
            index.add(new ArchiveFormats.Descriptor(ArchiveFormats.OCI_MANIFEST, manifestDigest.toString(),
                    ociManifest.length, null, null));
        }
        for (ImageReference ref : refs) {
            index.add(new ArchiveFormats.Descriptor(ArchiveFormats.OCI_MANIFEST, manifestDigest.toString(),
                    ociManifest.length, Map.of(ArchiveFormats.ANNOTATION_CONTAINERD_NAME, ref.toString(),
                            ArchiveFormats.ANNOTATION_REF_NAME, ref.tag()), null));
        }
    }

    private static String path(Digest d) {
        return "blobs/sha256/" + d.hex();
    }

    private void blob(TarOutput tar, Digest d, long mtime) throws IOException {
        if (written.add(d.hex())) {
            entry(tar, path(d), content.size(d), content.open(d), mtime);
        }
    }

    /** Writes the layer's tar (once per diffID); returns its size. */
    private long layerBlob(TarOutput tar, String chainId, Digest d, long mtime) throws IOException {
        long size = tars.size(chainId, d.toString());
        if (written.add(d.hex())) {
            entry(tar, path(d), size, tars.open(chainId, d.toString()), mtime);
        }
        return size;
    }

    private static void entry(TarOutput tar, String name, long size, InputStream data, long mtime)
            throws IOException {
        try (InputStream in = data) {
            tar.putEntry(TarOutput.Header.of(name, TarOutput.Header.REGULAR, 0644, mtime).withSize(size));
            byte[] buf = new byte[64 * 1024];
            while (tar.remaining() > 0) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, tar.remaining()));
                if (n < 0) {
                    throw new IOException(name + ": " + tar.remaining() + " bytes short of its size");
                }
                tar.write(buf, 0, n);
            }
            if (in.read() >= 0) {
                throw new IOException(name + ": longer than its size " + size);
            }
        }
        tar.closeEntry();
    }

    private static void file(TarOutput tar, String name, byte[] data, long mtime) throws IOException {
        entry(tar, name, data.length, new java.io.ByteArrayInputStream(data), mtime);
    }

    private static void dir(TarOutput tar, String name, long mtime) throws IOException {
        tar.putEntry(TarOutput.Header.of(name, TarOutput.Header.DIRECTORY, 0755, mtime));
        tar.closeEntry();
    }
}
