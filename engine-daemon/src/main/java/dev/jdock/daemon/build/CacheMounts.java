package dev.jdock.daemon.build;

import dev.jdock.api.types.container.Mount;
import dev.jdock.api.value.Digest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.fs.TreeRemover;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * BuildKit's {@code RUN --mount=type=cache} and {@code type=tmpfs} for step containers. A cache mount is a
 * directory per cache id (the target when no id is given) under {@code builder/mounts}, kept across builds and
 * never part of an image: bind-mounted into the step at its target, created on first use with the mount's mode and
 * owner. {@code sharing=locked} (and {@code private}, which jdockd treats the same) lets one step at a time use it.
 * Secret and ssh mounts are refused: the classic build API has no session to carry them.
 */
final class CacheMounts {
    private final Path dir;
    private final Map<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

    CacheMounts(Path dir) {
        this.dir = dir;
    }

    /**
     * The step's mounts; {@code held} receives the locks to release when the step ends, {@code binds} makes the
     * bind mounts.
     */
    List<Mount> mounts(List<dev.jdock.daemon.build.dockerfile.Mount> specs, List<ReentrantLock> held,
            java.util.function.Function<dev.jdock.daemon.build.dockerfile.Mount, Mount> binds) {
        List<Mount> out = new ArrayList<>();
        for (dev.jdock.daemon.build.dockerfile.Mount m : specs) {
            switch (m.type()) {
                case "cache" -> out.add(cache(m, held));
                case "tmpfs" -> out.add(new Mount("tmpfs", null, m.target(), null, null, null, null,
                        new Mount.TmpfsOptions(m.sizeLimit(), null, null)));
                case "bind" -> out.add(binds.apply(m));
                default -> throw EngineException.invalid("RUN --mount=type=" + m.type()
                        + " is not supported by jdockd: the classic build API carries no secrets or ssh agent");
            }
        }
        return out;
    }

    private Mount cache(dev.jdock.daemon.build.dockerfile.Mount m, List<ReentrantLock> held) {
        String id = m.id() == null || m.id().isEmpty() ? m.target() : m.id();
        Path d = dir.resolve(Digest.sha256(id.getBytes(StandardCharsets.UTF_8)).hex());
        create(d, m);
        if ("locked".equals(m.sharing()) || "private".equals(m.sharing())) {
            ReentrantLock lock = locks.computeIfAbsent(d, k -> new ReentrantLock());
            lock.lock();
            held.add(lock);
        }
        return new Mount("bind", d.toString(), m.target(), m.readOnly() ? Boolean.TRUE : null, null, null, null,
                null);
    }

    private void create(Path d, dev.jdock.daemon.build.dockerfile.Mount m) {
        if (Files.isDirectory(d, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectories(dir);
            Files.setPosixFilePermissions(dir, EnumSet.of(PosixFilePermission.OWNER_READ,
                    PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_EXECUTE));
            Path tmp = Files.createTempDirectory(dir, "new-");
            Files.setPosixFilePermissions(tmp, perms(m.mode() == null ? 0755 : m.mode()));
            Files.setAttribute(tmp, "unix:uid", m.uid() == null ? 0 : m.uid().intValue(),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(tmp, "unix:gid", m.gid() == null ? 0 : m.gid().intValue(),
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            try {
                Files.move(tmp, d, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                TreeRemover.remove(tmp); // another step made it first
            }
        } catch (IOException e) {
            throw EngineException.system("creating cache mount " + m.target() + ": " + e.getMessage(), e);
        }
    }

    private static Set<PosixFilePermission> perms(int mode) {
        Set<PosixFilePermission> s = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = PosixFilePermission.values(); // OWNER_READ .. OTHERS_EXECUTE
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                s.add(order[i]);
            }
        }
        return s;
    }

    /** Removes every cache mount no step holds (builder prune); returns how many went. */
    int prune() {
        int n = 0;
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                ReentrantLock lock = locks.get(p);
                if (lock != null && lock.isLocked()) {
                    continue;
                }
                TreeRemover.remove(p);
                n++;
            }
        } catch (IOException e) {
            throw EngineException.system("pruning cache mounts: " + e.getMessage(), e);
        }
        return n;
    }
}
