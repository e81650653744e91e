package dev.jdock.daemon.volume;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.Mount;
import dev.jdock.api.types.container.MountPoint;
import dev.jdock.daemon.archive.ArchiveVolumes;
import dev.jdock.daemon.container.Container;
import dev.jdock.daemon.container.ContainerMounts;
import dev.jdock.daemon.container.ContainerStore;
import dev.jdock.daemon.container.ImageSource;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.Failpoints;
import dev.jdock.daemon.store.StateFormat;
import dev.jdock.runtime.spec.MountSpec;
import dev.jdock.runtime.spec.MsFlags;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The volume feature's side of {@link ContainerMounts}: resolves a container's {@code -v}, {@code --mount},
 * {@code --volumes-from} and image {@code VOLUME}s into {@link ResolvedMount}s kept in the container's
 * {@code mounts.json} ({@code {"JdockFormat":1,"Mounts":[...]}}; a bare array before state files had a version), and
 * turns them into runtime mounts at each start.
 */
public final class VolumeMounts implements ContainerMounts, ArchiveVolumes {
    private static final Logger LOG = LoggerFactory.getLogger(VolumeMounts.class);
    static final String FILE = "mounts.json";
    /** The list's name in {@code mounts.json} ({@link StateFormat#listBytes}). */
    static final String LIST = "Mounts";

    private final VolumeService volumes;
    private final ContainerStore store;
    private final ImageContent content;
    private final VolumeContentCopy copies = new VolumeContentCopy();
    private final VolumeRefs refs;
    private final ImageMounts images;
    private final ArchiveLeases leases;

    VolumeMounts(VolumeService volumes, VolumeRefs refs, ContainerStore store, ImageContent.Overlay overlay,
            ImageMounts images) {
        this.volumes = volumes;
        this.refs = refs;
        this.store = store;
        this.content = new ImageContent(overlay);
        this.images = images;
        this.leases = new ArchiveLeases(volumes);
    }

    /** Whether {@code containerId}'s mounts include an image mount of {@code imageId} (rmi's conflict). */
    public boolean mountsImage(String containerId, String imageId) {
        return refs.of(containerId).stream().anyMatch(m -> m.isImage() && m.source().equals(imageId));
    }

    /** Reads every container's mounts and counts the running ones as users of their volumes (daemon start). */
    public void restore() {
        for (Container c : store.all()) {
            Path f = c.dir().resolve(FILE);
            if (!Files.exists(f)) {
                continue;
            }
            try {
                refs.put(c.id(), StateFormat.readList(Files.readAllBytes(f), LIST, ResolvedMount.class));
            } catch (IOException e) {
                LOG.warn("unreadable {} of container {}: {}", FILE, c.id(), e.getMessage());
                continue;
            }
            if (c.isRunning()) {
                for (ResolvedMount m : mounts(c)) {
                    if (m.isVolume()) {
                        tryAcquire(m, c, null);
                    }
                }
            }
        }
    }

    private void tryAcquire(ResolvedMount m, Container c, Map<String, String> attrs) {
        try {
            volumes.acquire(m.name(), c.id(), attrs);
        } catch (RuntimeException e) {
            LOG.warn("volume {} of container {}: {}", m.name(), c.id(), e.getMessage());
        }
    }

    List<ResolvedMount> mounts(Container c) {
        return refs.of(c.id());
    }

    @Override
    public void created(Container c) {
        HostConfig hc = c.record().hostConfig();
        List<MountRequest> requests = requests(hc, c.record().config());
        List<ResolvedMount> out = new ArrayList<>();
        int imageMounts = 0;
        try {
            Map<ResolvedMount, String> heldBy = new IdentityHashMap<>();
            for (ResolvedMount m : volumesFrom(hc, requests, heldBy)) {
                if (m.isImage()) {
                    images.holdAs(ImageMounts.key(c.id(), imageMounts++), heldBy.get(m));
                }
                out.add(m);
            }
            for (MountRequest r : requests) {
                out.add(r.type().equals(MountRequest.IMAGE)
                        ? image(r, ImageMounts.key(c.id(), imageMounts++)) : resolve(r, hc));
            }
            if (!out.isEmpty()) { // none: no file (read back as none), and no two fsyncs on a create
                AtomicFiles.write(c.dir().resolve(FILE), StateFormat.listBytes(LIST, out));
            }
        } catch (RuntimeException e) {
            dropAnonymous(out);
            if (imageMounts > 0) {
                images.releaseAll(c.id());
            }
            throw e;
        }
        refs.put(c.id(), out);
    }

    /** Binds, then Mounts, then the config's Volumes not already covered; duplicates refused as Docker does. */
    static List<MountRequest> requests(HostConfig hc, ContainerConfig cfg) {
        List<MountRequest> out = new ArrayList<>();
        List<String> dests = new ArrayList<>();
        for (String b : hc.binds() == null ? List.<String>of() : hc.binds()) {
            add(out, dests, MountParser.parseBind(b, hc.volumeDriver()));
        }
        for (Mount m : hc.mounts() == null ? List.<Mount>of() : hc.mounts()) {
            add(out, dests, MountParser.parseMount(m));
        }
        if (cfg.volumes() != null) {
            for (String dest : cfg.volumes().keySet()) {
                String d = MountParser.clean(dest);
                if (!dests.contains(d) && (hc.tmpfs() == null || !hc.tmpfs().containsKey(d))) {
                    add(out, dests, MountRequest.anonymous(d));
                }
            }
        }
        return out;
    }

    private static void add(List<MountRequest> out, List<String> dests, MountRequest r) {
        if (dests.contains(r.destination())) {
            throw EngineException.invalid("Duplicate mount point: " + r.destination());
        }
        dests.add(r.destination());
        out.add(r);
    }

    /**
     * {@code --volumes-from id[:ro|:rw]}: the other container's mounts, minus destinations this one sets. Image
     * mounts are shared too, as moby 28 shares them: read-only whatever the mode, with their subpath; each is mapped
     * in {@code heldBy} to the other container's hold of its layers, which this container holds again (so either
     * container may go first, and the image may have been force-removed).
     */
    private List<ResolvedMount> volumesFrom(HostConfig hc, List<MountRequest> own,
            Map<ResolvedMount, String> heldBy) {
        List<ResolvedMount> out = new ArrayList<>();
        for (String spec : hc.volumesFrom() == null ? List.<String>of() : hc.volumesFrom()) {
            String[] parts = spec.split(":", 2);
            String mode = parts.length > 1 ? parts[1] : "";
            if (!mode.isEmpty() && !mode.equals("ro") && !mode.equals("rw")) {
                throw EngineException.invalid("invalid mode: " + mode);
            }
            Container from = store.find(parts[0]).orElseThrow(() -> EngineException.invalid( // moby: 400
                    "No such container: " + parts[0]));
            for (ResolvedMount m : mounts(from)) {
                if (own.stream().anyMatch(r -> r.destination().equals(m.destination()))
                        || out.stream().anyMatch(o -> o.destination().equals(m.destination()))) {
                    continue;
                }
                boolean rw = !m.isImage() && (mode.isEmpty() ? m.rw() : mode.equals("rw"));
                ResolvedMount shared = m.withAccess(rw, mode.isEmpty() ? m.mode() : mode);
                if (m.isImage()) {
                    heldBy.put(shared, imageKey(from, m));
                }
                out.add(shared);
            }
        }
        return out;
    }

    /**
     * An image mount: the image resolved (present locally, no pull) and its layers held by the snapshot
     * {@code key} before {@code mounts.json} names it. The container's record is written already, so a daemon
     * killed in between leaves a container whose removal drops the hold ({@link #removed}: every
     * {@code <id>.img*}); a hold whose container has no record is removed at start (ContainerRestore).
     */
    private ResolvedMount image(MountRequest r, String key) {
        String imageId = images.hold(key, r.source());
        Failpoints.reach("create.image-mount-held");
        return new ResolvedMount(MountRequest.IMAGE, r.source(), imageId, r.destination(), null, "", false,
                "rprivate", false, false, false, false, "", r.subpath());
    }

    private ResolvedMount resolve(MountRequest r, HostConfig hc) {
        return switch (r.type()) {
            case MountRequest.VOLUME -> {
                String driver = !r.driver().isEmpty() ? r.driver()
                        : hc.volumeDriver().isEmpty() ? LocalVolumeDriver.NAME : hc.volumeDriver();
                boolean anonymous = r.source().isEmpty();
                Volume v = volumes.create(anonymous ? null : r.source(), driver,
                        r.driverOpts().isEmpty() ? null : r.driverOpts(), r.labels().isEmpty() ? null : r.labels());
                String mode = r.mode().isEmpty() && !anonymous ? "z" : r.mode();
                yield new ResolvedMount(MountRequest.VOLUME, v.name(), volumes.info(v).mountpoint(),
                        r.destination(), v.driver(), mode, !r.readOnly(), "", !r.noCopy(), anonymous, false, false, "",
                        r.subpath());
            }
            case MountRequest.BIND -> new ResolvedMount(MountRequest.BIND, null, r.source(), r.destination(), null,
                    r.mode(), !r.readOnly(), r.propagation().isEmpty() ? "rprivate" : r.propagation(), false, false,
                    r.nonRecursive(), r.createHostDir(), "");
            default -> new ResolvedMount(MountRequest.TMPFS, null, "", r.destination(), null, "", !r.readOnly(), "",
                    false, false, false, false, r.tmpfsOptions());
        };
    }

    private void dropAnonymous(List<ResolvedMount> ms) {
        for (ResolvedMount m : ms) {
            if (m.isVolume() && m.anonymous()) {
                try {
                    volumes.remove(m.name(), true);
                } catch (RuntimeException e) {
                    LOG.warn("removing anonymous volume {}: {}", m.name(), e.getMessage());
                }
            }
        }
    }

    @Override
    public List<MountSpec> prepare(Container c, ImageSource.Rootfs rootfs) {
        List<MountSpec> out = new ArrayList<>(); // stacked with the container's other mounts by the runtime's order
        try {
            for (ResolvedMount m : mounts(c)) {
                out.add(spec(c, m, rootfs));
            }
        } catch (RuntimeException e) {
            released(c);
            throw e;
        }
        return out;
    }

    /**
     * A volume's destination in the container's root: a relative one (Config.Volumes {@code {"rel": {}}}, which
     * dockerd takes and shows as given) is below the root, as runc mounts it ({@code /rel}).
     */
    static String inRoot(String destination) {
        return destination.startsWith("/") ? destination : Path.of("/").resolve(destination).normalize().toString();
    }

    private MountSpec spec(Container c, ResolvedMount m, ImageSource.Rootfs rootfs) {
        switch (m.type()) {
            case MountRequest.IMAGE -> {
                return MountSpec.image(images.lowerDirs(imageKey(c, m)), m.destination(), m.subpath());
            }
            case MountRequest.VOLUME -> {
                Path path = volumes.acquire(m.name(), c.id(), Map.of("destination", m.destination(),
                        "read/write", Boolean.toString(m.rw()), "propagation", m.propagation()));
                if (m.copyData() && m.subpath().isEmpty()) { // a subpath gets no copy (docs/api-compat.md)
                    List<Path> layers = new ArrayList<>();
                    layers.add(rootfs.upper());
                    layers.addAll(rootfs.lowerTopFirst());
                    copies.copyIfNew(m.name(), path, () -> volumes.usedByOthers(m.name(), c.id()),
                            data -> content.copy(layers, m.destination(), data));
                }
                String dest = inRoot(m.destination());
                return m.subpath().isEmpty() ? MountSpec.bind(path.toString(), dest, !m.rw(), false)
                        : MountSpec.subpath(path.toString(), dest, m.subpath(), !m.rw());
            }
            case MountRequest.BIND -> {
                return bind(m, recursiveReadOnly(c.record().hostConfig(), m.destination()));
            }
            default -> {
                long flags = MsFlags.MS_NOEXEC | MsFlags.MS_NOSUID | MsFlags.MS_NODEV
                        | (m.rw() ? 0 : MsFlags.MS_RDONLY);
                return new MountSpec("tmpfs", m.destination(), "tmpfs", flags, m.tmpfsOptions(), false);
            }
        }
    }

    /** A stopped container's mounts for one archive operation ({@link ArchiveLeases}). */
    @Override
    public ArchiveVolumes.Lease acquire(Container c) {
        return leases.acquire(c, mounts(c), m -> images.lowerDirs(imageKey(c, m)));
    }

    @Override
    public boolean readOnlyAt(Container c, String path) {
        ResolvedMount holder = null; // the deepest mount holding the path: what it lies on
        for (ResolvedMount m : mounts(c)) {
            String d = m.destination();
            if ((path.equals(d) || path.startsWith(d.endsWith("/") ? d : d + "/"))
                    && (holder == null || d.length() > holder.destination().length())) {
                holder = m;
            }
        }
        return holder != null && !holder.rw(); // moby's checkIfPathIsInAVolume
    }

    /**
     * The choice for the mounts below a read-only bind at {@code destination}, from the container's
     * {@code HostConfig.Mounts} (their {@code BindOptions}, which a CRI mount and an API below 1.44 set too): not
     * kept in {@code mounts.json}, which an older jdockd reads strictly. A {@code Binds} entry, or a bind seen
     * through {@code --volumes-from}, has the default "".
     */
    static String recursiveReadOnly(HostConfig hc, String destination) {
        for (Mount m : hc == null || hc.mounts() == null ? List.<Mount>of() : hc.mounts()) {
            if (m != null && MountRequest.BIND.equals(m.type()) && m.target() != null
                    && MountParser.clean(m.target()).equals(destination)) {
                return MountParser.recursiveReadOnly(m.bindOptions());
            }
        }
        return "";
    }

    /**
     * The jdock flags for a bind's submounts: none for a read-write or non-recursive bind or {@code Disabled};
     * {@code Enabled} must make them read-only (an error where the kernel cannot); the default tries to (as dockerd
     * 25+, which does it where the kernel has {@code mount_setattr}).
     */
    static long recursiveReadOnlyFlags(ResolvedMount m, String choice, boolean supported) {
        if (m.rw() || m.nonRecursive() || MountRequest.RRO_DISABLED.equals(choice)) {
            return 0;
        }
        if (MountRequest.RRO_ENABLED.equals(choice)) {
            if (!supported) {
                throw EngineException.invalid("failed to mount " + m.destination() + ": recursive read-only mounts "
                        + "need Linux 5.12 or newer (ReadOnlyForceRecursive)");
            }
            return MsFlags.JD_RECURSIVE_RDONLY;
        }
        return supported ? MsFlags.JD_RECURSIVE_RDONLY | MsFlags.JD_RECURSIVE_RDONLY_TRY : 0;
    }

    private static MountSpec bind(ResolvedMount m, String recursiveReadOnly) {
        Path src = Path.of(m.source());
        if (!Files.exists(src)) {
            if (!m.createSource()) {
                throw MountParser.mountConfig("bind", "bind source path does not exist: " + m.source());
            }
            try {
                Files.createDirectories(src);
            } catch (IOException e) {
                throw EngineException.system("error while creating mount source path '" + src + "': "
                        + e.getMessage(), e);
            }
        }
        long flags = MsFlags.MS_BIND | (m.nonRecursive() ? 0 : MsFlags.MS_REC) | (m.rw() ? 0 : MsFlags.MS_RDONLY)
                | recursiveReadOnlyFlags(m, recursiveReadOnly, MsFlags.recursiveReadOnlySupported());
        long propagation = MsFlags.propagation(m.propagation());
        MountTable.requirePropagation(src, propagation);
        return new MountSpec(m.source(), m.destination(), "bind", flags, "", !Files.isDirectory(src), propagation);
    }

    @Override
    public void released(Container c) {
        for (ResolvedMount m : mounts(c)) {
            if (m.isVolume()) {
                volumes.release(m.name(), c.id());
            }
        }
    }

    /** The snapshot key of {@code m}: image mounts are numbered in {@code mounts.json}'s order, as at create. */
    private String imageKey(Container c, ResolvedMount m) {
        int n = 0;
        for (ResolvedMount o : mounts(c)) {
            if (o == m) {
                return ImageMounts.key(c.id(), n);
            }
            if (o.isImage()) {
                n++;
            }
        }
        throw new IllegalStateException("image mount " + m.destination() + " is not one of container " + c.id());
    }

    @Override
    public void removed(Container c, boolean removeVolumes) {
        released(c);
        images.releaseAll(c.id()); // its image mounts' snapshots (and those of a create that did not finish)
        List<ResolvedMount> ms = refs.remove(c.id());
        if (removeVolumes && ms != null) {
            dropAnonymous(ms.stream().filter(m -> m.isVolume() && refs.users(m.name()).isEmpty()).toList());
        }
    }

    @Override
    public List<MountPoint> mountPoints(Container c) {
        List<ResolvedMount> ms = mounts(c);
        if (ms.isEmpty()) { // most containers: no stream set up for nothing (ps asks for every container)
            return List.of();
        }
        List<MountPoint> out = new ArrayList<>(ms.size());
        for (ResolvedMount m : ms) {
            out.add(m.view());
        }
        return out;
    }
}
