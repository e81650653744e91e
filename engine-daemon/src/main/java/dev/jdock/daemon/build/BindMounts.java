package dev.jdock.daemon.build;

import dev.jdock.daemon.archive.ArchiveExtractor;
import dev.jdock.daemon.build.dockerfile.Mount;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.image.ProducerStream;
import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;

/**
 * BuildKit's {@code RUN --mount=type=bind}: a path of the context, or of a stage's or an image's root
 * ({@code from=}), bound into the step at its target, read-only unless {@code rw} (then writes are thrown away).
 *
 * <p>A read-only bind of a context path with no symlink on its way (checked with {@code RESOLVE_NO_SYMLINKS}
 * beneath the context root) binds the context's own directory: the context is the daemon's, and nothing writes to
 * it once received. Anything else is copied first (the same descriptor-anchored tar copy as COPY) into a private
 * directory beside the context, which is bound and removed after the step: a symlink in the context or an image can
 * never make the kernel bind a host path. The step's cache key holds what the source holds (the checksum of a
 * context path; the image and path of a stage).
 */
final class BindMounts {
    private final BuildContext context;
    private final StepContainers steps;
    private final Dispatcher.FromResolver from;

    BindMounts(BuildContext context, StepContainers steps, Dispatcher.FromResolver from) {
        this.context = context;
        this.steps = steps;
        this.from = from;
    }

    /** What the mount's source holds, for the step's cache key. */
    String key(Stage st, Mount m) {
        String source = ContextSources.clean(m.source() == null ? "" : m.source());
        if (m.from() == null || m.from().isEmpty()) {
            String resolved = ContextSources.inScope(context.root(), source);
            ContextCopy c = new ContextCopy(context.root(), List.of(resolved), "/", null);
            c.checkSources("RUN --mount=type=bind");
            return "context " + resolved + " " + c.checksum();
        }
        return "image " + from.image(st, m.from()) + " " + source;
    }

    /** The host path to bind; {@code cleanup} gets what to remove once the step is over. */
    dev.jdock.api.types.container.Mount mount(Stage st, Mount m, List<Runnable> cleanup) {
        if (m.target() == null || m.target().isEmpty()) {
            throw EngineException.invalid("RUN --mount=type=bind needs a target");
        }
        String source = ContextSources.clean(m.source() == null ? "" : m.source());
        Path host;
        String resolved = m.from() == null || m.from().isEmpty() ? ContextSources.inScope(context.root(), source)
                : source;
        if ((m.from() == null || m.from().isEmpty()) && m.readOnly() && noSymlinks(resolved)) {
            host = resolved.isEmpty() ? context.rootPath() : context.rootPath().resolve(resolved);
        } else if (m.from() == null || m.from().isEmpty()) {
            host = copy(context.root(), source, cleanup);
        } else {
            try (StepContainers.SourceRoot src = steps.openImage(from.image(st, m.from()))) {
                host = copy(src.root(), source, cleanup);
            }
        }
        if (java.nio.file.Files.isSymbolicLink(host)) { // the kernel would follow it out of the build's directories
            throw EngineException.system("bind mount source " + source + " resolved to a symlink", null);
        }
        return new dev.jdock.api.types.container.Mount("bind", host.toString(), m.target(),
                m.readOnly() ? Boolean.TRUE : null, null, null, null, null);
    }

    private boolean noSymlinks(String source) {
        if (source.isEmpty()) {
            return true;
        }
        try (Fd fd = Fs.openBeneath(context.root(), source, Fs.O_PATH | Fs.O_NOFOLLOW)) {
            return !Fs.stat(fd).isSymlink(); // RESOLVE_NO_SYMLINKS still opens a trailing symlink with O_PATH
        } catch (SyscallException e) {
            return false; // a symlink on the way (or none there): copied, or reported missing by the copy
        }
    }

    /** Copies {@code source} of {@code root} into a new private directory; returns what to bind. */
    private Path copy(Fd root, String given, List<Runnable> cleanup) {
        String source = ContextSources.inScope(root, given);
        ContextCopy c = new ContextCopy(root, List.of(source), "/", null);
        c.checkSources("RUN --mount=type=bind");
        BuildContext.Scratch scratch = context.scratch();
        cleanup.add(scratch::close);
        try (InputStream tar = new ProducerStream("build-bind", o -> c.writeTar(o, true))) {
            new ArchiveExtractor(scratch.root(), scratch.root(), "/", false, ArchiveExtractor.Owner.ARCHIVE)
                    .extract(tar);
        } catch (IOException e) {
            throw EngineException.system("preparing a bind mount: " + e.getMessage(), e);
        }
        String name = source.substring(source.lastIndexOf('/') + 1);
        return c.isDirectorySource() ? scratch.path() : scratch.path().resolve(name);
    }
}
