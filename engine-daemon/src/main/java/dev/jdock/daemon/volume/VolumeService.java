package dev.jdock.daemon.volume;

import dev.jdock.api.types.volume.UsageData;
import dev.jdock.daemon.api.FilterRegex;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.fs.TreeSize;
import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The volume feature's facade: create, inspect, list, remove and prune volumes, and count the containers using each
 * one (a volume with options is mounted on the host for its first user and unmounted after its last).
 */
public final class VolumeService {
    private static final Pattern VALID_NAME = Pattern.compile("^[a-zA-Z0-9][a-zA-Z0-9_.-]*$");
    private static final Set<String> LIST_FILTERS = Set.of("dangling", "name", "label", "driver");
    private static final Set<String> PRUNE_FILTERS = Set.of("label", "label!", "all");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VolumeStore store;
    private final Map<String, VolumeDriver> drivers = new HashMap<>();
    private final EventSink events;
    /** Containers using each mounted volume right now (running or starting). */
    private final Map<String, Set<String>> active = new HashMap<>();
    /** The containers (any state) whose mounts name a volume (the mounts {@link VolumeMounts} resolved). */
    private final Function<String, List<String>> referencedBy;

    VolumeService(VolumeStore store, List<VolumeDriver> drivers, EventSink events,
            Function<String, List<String>> referencedBy) {
        this.store = store;
        for (VolumeDriver d : drivers) {
            this.drivers.put(d.name(), d);
        }
        this.events = java.util.Objects.requireNonNull(events, "events");
        this.referencedBy = referencedBy;
    }

    public List<String> users(String name) {
        return referencedBy.apply(name);
    }

    /** {@code POST /volumes/create}: an existing volume of that name is returned as it is, as Docker does. */
    public synchronized Volume create(String name, String driverName, Map<String, String> opts,
            Map<String, String> labels) {
        boolean anonymous = name == null || name.isEmpty();
        String n = anonymous ? randomName() : name;
        String drv = driverName == null || driverName.isEmpty() ? LocalVolumeDriver.NAME : driverName;
        if (!anonymous && n.length() == 1) { // moby's local driver
            throw EngineException.invalid("create " + n
                    + ": volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!anonymous && !VALID_NAME.matcher(n).matches()) {
            throw EngineException.invalid("create " + n + ": \"" + n + "\" includes invalid characters for a local"
                    + " volume name, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]\" are allowed. If you intended to pass a host"
                    + " directory, use absolute path");
        }
        VolumeDriver driver;
        try {
            driver = driver(drv);
        } catch (EngineException e) { // moby's OpErr: the operation and the volume name
            throw new EngineException(e.kind(), "create " + n + ": " + e.getMessage(), e);
        }
        Volume existing = store.get(n).orElse(null);
        if (existing != null) {
            return existing;
        }
        try {
            driver.validate(opts == null ? Map.of() : opts);
        } catch (EngineException e) {
            throw new EngineException(e.kind(), "create " + n + ": " + e.getMessage());
        }
        Map<String, String> l = new HashMap<>(labels == null ? Map.of() : labels);
        if (anonymous) {
            l.put(Volume.ANONYMOUS_LABEL, "");
        }
        Volume v = new Volume(n, drv, Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                labels == null && !anonymous ? null : l, opts);
        store.add(v);
        events.emit("volume", "create", n, Map.of("driver", drv));
        return v;
    }

    private VolumeDriver driver(String name) {
        VolumeDriver d = drivers.get(name);
        if (d == null) {
            throw EngineException.notFound("error looking up volume plugin " + name + ": plugin \"" + name
                    + "\" not found");
        }
        return d;
    }

    static String randomName() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public Volume get(String name) {
        return store.get(name).orElseThrow(() -> EngineException.notFound("get " + name + ": no such volume"));
    }

    /** The volume as {@code GET /volumes/{name}} shows it. */
    public dev.jdock.api.types.volume.Volume info(Volume v) {
        return view(v, null);
    }

    /** {@code v} on the wire, with its usage (only {@code /system/df} has one). */
    private dev.jdock.api.types.volume.Volume view(Volume v, UsageData usage) {
        return new dev.jdock.api.types.volume.Volume(v.createdAt(), v.driver(), v.labels(),
                driver(v.driver()).mountpoint(v).toString(), v.name(), v.options(),
                dev.jdock.api.types.volume.Volume.LOCAL_SCOPE, usage);
    }

    /** {@code GET /volumes}. */
    public List<dev.jdock.api.types.volume.Volume> list(Filters f) {
        f.validate(LIST_FILTERS);
        for (String d : f.values("dangling")) {
            if (!Set.of("true", "false", "1", "0").contains(d)) {
                throw Filters.invalidValue("dangling", f.values("dangling"));
            }
        }
        List<dev.jdock.api.types.volume.Volume> out = new ArrayList<>();
        FilterRegex names = FilterRegex.of(f, "name");
        for (Volume v : store.all()) {
            if (names.matches(v.name()) && matches(v, f)) {
                out.add(info(v));
            }
        }
        return out;
    }

    private boolean matches(Volume v, Filters f) {
        if (!f.values("driver").isEmpty() && !f.values("driver").contains(v.driver())) {
            return false;
        }
        if (!labelsMatch(v, f.values("label"))) {
            return false;
        }
        Set<String> dangling = f.values("dangling");
        if (!dangling.isEmpty()) {
            boolean wantDangling = dangling.contains("true") || dangling.contains("1");
            return users(v.name()).isEmpty() == wantDangling;
        }
        return true;
    }

    static boolean labelsMatch(Volume v, Set<String> wanted) {
        for (String l : wanted) {
            int eq = l.indexOf('=');
            String k = eq < 0 ? l : l.substring(0, eq);
            if (!v.labelsOrEmpty().containsKey(k)
                    || eq >= 0 && !v.labelsOrEmpty().get(k).equals(l.substring(eq + 1))) {
                return false;
            }
        }
        return true;
    }

    /** {@code DELETE /volumes/{name}}: refused while any container (running or not) references it. */
    public synchronized void remove(String name, boolean force) {
        Volume v = store.get(name).orElse(null);
        if (v == null) {
            if (force) {
                return;
            }
            throw EngineException.notFound("get " + name + ": no such volume");
        }
        List<String> users = users(name);
        if (!users.isEmpty()) {
            throw EngineException.conflict("remove " + name + ": volume is in use - [" + String.join(", ", users)
                    + "]");
        }
        destroy(v);
    }

    private void destroy(Volume v) {
        active.remove(v.name());
        driver(v.driver()).remove(v);
        events.emit("volume", "destroy", v.name(), Map.of("driver", v.driver()));
    }

    /** Prune's result: names and bytes freed. */
    public record PruneReport(List<String> deleted, long reclaimed) {
    }

    /** {@code POST /volumes/prune}: unused anonymous volumes, or all unused ones with {@code all=true}. */
    public synchronized PruneReport prune(Filters f, boolean allByDefault) {
        f.validate(PRUNE_FILTERS);
        boolean all = allByDefault;
        for (String a : f.values("all")) {
            if (!Set.of("true", "false", "1", "0").contains(a)) {
                throw EngineException.invalid("invalid filter 'all=" + a + "'");
            }
            all = a.equals("true") || a.equals("1");
        }
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Volume v : store.all()) {
            if (!all && !v.anonymous() || !users(v.name()).isEmpty() || !labelsMatch(v, f.values("label"))
                    || excludedByLabel(v, f.values("label!"))) {
                continue;
            }
            long size = LocalVolumeDriver.needsMount(v) ? 0 : size(store.dataDir(v.name()));
            destroy(v);
            deleted.add(v.name());
            reclaimed += size;
        }
        events.emit("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)));
        return new PruneReport(deleted, reclaimed);
    }

    private static boolean excludedByLabel(Volume v, Set<String> notWanted) {
        for (String l : notWanted) {
            if (labelsMatch(v, Set.of(l))) {
                return true;
            }
        }
        return false;
    }

    /** A container starts using the volume: the first user mounts it. Returns the host path to bind. */
    public synchronized Path acquire(String name, String containerId, Map<String, String> eventAttrs) {
        Volume v = get(name);
        VolumeDriver d = driver(v.driver());
        Set<String> users = active.computeIfAbsent(name, k -> new HashSet<>());
        if (users.isEmpty()) {
            d.mount(v);
        }
        boolean added = users.add(containerId);
        if (added && eventAttrs != null) {
            Map<String, String> attrs = new HashMap<>(eventAttrs);
            attrs.put("container", containerId);
            attrs.put("driver", v.driver());
            events.emit("volume", "mount", name, attrs);
        }
        return d.mountpoint(v);
    }

    /** Whether a container other than {@code containerId} uses the volume right now (running or starting). */
    public synchronized boolean usedByOthers(String name, String containerId) {
        Set<String> users = active.get(name);
        return users != null && users.stream().anyMatch(u -> !u.equals(containerId));
    }

    /** The container no longer uses the volume: the last user unmounts it. */
    public synchronized void release(String name, String containerId) {
        release(name, containerId, true);
    }

    /** As {@link #release(String, String)}; without {@code event} no "unmount" event (a user that is no container). */
    public synchronized void release(String name, String containerId, boolean event) {
        Set<String> users = active.get(name);
        if (users == null || !users.remove(containerId)) {
            return;
        }
        Volume v = store.get(name).orElse(null);
        if (v == null) {
            return;
        }
        if (event) {
            events.emit("volume", "unmount", name, Map.of("container", containerId, "driver", v.driver()));
        }
        if (users.isEmpty()) {
            active.remove(name);
            driver(v.driver()).unmount(v);
        }
    }

    /** {@code /system/df}'s Volumes: each with its size and reference count. */
    public List<dev.jdock.api.types.volume.Volume> diskUsage() {
        List<dev.jdock.api.types.volume.Volume> out = new ArrayList<>();
        for (Volume v : store.all()) {
            long size = LocalVolumeDriver.needsMount(v) ? -1 : size(store.dataDir(v.name()));
            out.add(view(v, new UsageData(size, users(v.name()).size())));
        }
        return out;
    }

    /** moby's size of a volume ({@link TreeSize}: what its containers wrote is walked without following links). */
    static long size(Path dir) {
        try (Fd fd = Fs.open(dir, Fs.DIR)) {
            return TreeSize.of(fd).bytes();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

}
