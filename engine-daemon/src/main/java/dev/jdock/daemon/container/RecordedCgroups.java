package dev.jdock.daemon.container;

import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.runtime.cgroup.CgroupHandle;
import dev.jdock.runtime.cgroup.CgroupManager;
import dev.jdock.runtime.cgroup.CgroupMode;
import dev.jdock.runtime.cgroup.CgroupParent;
import dev.jdock.runtime.cgroup.CgroupPressure;
import dev.jdock.runtime.cgroup.OwnCgroups;
import dev.jdock.runtime.cgroup.Resources;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cgroup manager as the daemon uses it, with each run's placement recorded in its run directory
 * ({@code <run-dir>/cgroup-parent}: the parent, then for a relative one the daemon's own cgroups it started from, as
 * {@code /proc/self/cgroup} lines, then {@code driver=systemd} for a run the systemd driver placed). A relative parent starts at the daemon's cgroups when the container starts (as
 * runc's); every later lookup of that run (stats, update, pause, top, restore, removal) uses the recorded ones, so a
 * jdockd restarted in other cgroups still finds them. The file also names the parent of a run whose record is gone
 * ({@link NativeProbe#discardUnknown}). A container without a parent records nothing ({@code /jdock/<id>}).
 */
final class RecordedCgroups implements CgroupManager {
    private static final Logger LOG = LoggerFactory.getLogger(RecordedCgroups.class);
    static final String FILE = "cgroup-parent";
    /** The line naming a driver other than cgroupfs (none: cgroupfs, as every record before the systemd driver). */
    static final String DRIVER = "driver=";
    private static final int MAX_FILE = 64 * 1024;

    private final CgroupManager delegate;
    private final Function<String, Path> runDirs;

    RecordedCgroups(CgroupManager delegate, Function<String, Path> runDirs) {
        this.delegate = delegate;
        this.runDirs = runDirs;
    }

    /** Records the placement in the run directory (which the launch made) before any cgroup is made. */
    @Override
    public CgroupHandle create(String containerId, CgroupParent parent, Resources resources) {
        CgroupParent placed = parent.absolute() ? parent : parent.withBase(delegate.own());
        boolean cgroupfs = delegate.driver().equals("cgroupfs");
        if (!parent.isDefault() || !cgroupfs) {
            String text = placed + "\n" + (placed.base() == null ? "" : placed.base().format())
                    + (cgroupfs ? "" : DRIVER + delegate.driver() + "\n");
            AtomicFiles.write(runDirs.apply(containerId).resolve(FILE), text.getBytes(StandardCharsets.UTF_8));
        }
        return delegate.create(containerId, placed, resources);
    }

    @Override
    public Optional<CgroupHandle> find(String containerId, CgroupParent parent) {
        if (parent.absolute() || parent.base() != null) {
            return delegate.find(containerId, parent);
        }
        CgroupParent placed = recorded(runDirs.apply(containerId))
                .filter(p -> !p.absolute() && p.names().equals(parent.names())).orElse(parent);
        return delegate.find(containerId, placed);
    }

    @Override
    public Optional<CgroupPressure> pressureOf(CgroupParent parent) {
        return delegate.pressureOf(parent);
    }

    @Override
    public CgroupMode mode() {
        return delegate.mode();
    }

    @Override
    public OwnCgroups own() {
        return delegate.own();
    }

    @Override
    public String driver() {
        return delegate.driver();
    }

    @Override
    public String version() {
        return delegate.version();
    }

    /** The cgroup driver the run in {@code run} was placed with: {@code cgroupfs} unless its record names another. */
    static String recordedDriver(Path run) {
        try (InputStream in = Files.newInputStream(run.resolve(FILE))) {
            String text = new String(in.readNBytes(MAX_FILE), StandardCharsets.UTF_8);
            for (String line : text.split("\n")) {
                if (line.startsWith(DRIVER)) {
                    return line.substring(DRIVER.length());
                }
            }
        } catch (IOException e) {
            // no record: the default parent under cgroupfs
        }
        return "cgroupfs";
    }

    /** The placement a launch recorded in run directory {@code run}; empty when it recorded none (no parent). */
    static Optional<CgroupParent> recorded(Path run) {
        String text;
        try (InputStream in = Files.newInputStream(run.resolve(FILE))) {
            text = new String(in.readNBytes(MAX_FILE), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            LOG.warn("the cgroup parent recorded in {}: {}", run, e.getMessage());
            return Optional.empty();
        }
        int nl = text.indexOf('\n');
        try {
            CgroupParent parent = CgroupParent.parse(nl < 0 ? text : text.substring(0, nl));
            return Optional.of(parent.absolute() ? parent
                    : parent.withBase(OwnCgroups.parse(nl < 0 ? "" : text.substring(nl + 1))));
        } catch (IllegalArgumentException e) {
            LOG.warn("the cgroup parent recorded in {}: {}", run, e.getMessage());
            return Optional.empty();
        }
    }
}
