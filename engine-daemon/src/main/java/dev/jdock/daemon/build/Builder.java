package dev.jdock.daemon.build;

import dev.jdock.daemon.build.dockerfile.Dockerfile;
import dev.jdock.daemon.errors.EngineException;
import java.io.InputStream;
import java.io.StringReader;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /build}, the classic builder: the context is received (streamed to a tmpfs or the disk), the
 * Dockerfile parsed, and the stages the target needs run step by step, each step leaving an image (cached by its
 * key); the target's image is tagged. A failure or a client that goes away stops the build at once; nothing is
 * tagged then, and step containers are removed as {@code rm}/{@code forcerm} say (moby keeps a failed RUN's
 * container unless forcerm).
 */
public final class Builder implements BuildBackend {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(Builder.class);
    private static final String OS = "linux";
    private static final String ARCH = "amd64";

    private final BuildImages images;
    private final StepContainers steps;
    private final StepCache cache;
    private final ContextSpace contexts;
    private final CacheMounts mounts;

    Builder(BuildImages images, StepContainers steps, StepCache cache, ContextSpace contexts, CacheMounts mounts) {
        this.images = images;
        this.steps = steps;
        this.cache = cache;
        this.contexts = contexts;
        this.mounts = mounts;
    }

    /** Removes what a killed daemon left of builds (contexts, step containers) and loads the cache. */
    public void boot() {
        contexts.sweep();
        int removed = steps.removeLeftovers();
        if (removed > 0) {
            LOG.info("removed {} step containers left by builds that a stopped daemon ran", removed);
        }
        cache.load();
    }

    @Override
    public void build(BuildOptions o, InputStream context, BuildOutput out, CompletableFuture<Void> cancel) {
        checkPlatform(o.platform());
        try (BuildContext ctx = contexts.receive(context)) {
            ctx.cancelOn(cancel);
            Dockerfile df = Dockerfile.parse(new StringReader(ctx.dockerfile(o.dockerfile())),
                    BuildContext.MAX_DOCKERFILE);
            ctx.dropIgnoredBuildFiles(o.dockerfile());
            BuildArgs args = new BuildArgs(o.buildArgs(), OS, ARCH);
            new BuildRun(new BuildRun.Inputs(images, steps, cache, mounts, o, df, args, ctx), out, cancel).run();
        } catch (StepExecutor.StepFailed e) {
            out.fail(EngineException.invalid(e.getMessage()), e.exitCode);
        } catch (EngineException e) {
            out.fail(e, null);
        } catch (RuntimeException e) { // a bug: still the end of the client's stream, with its text
            LOG.error("build failed unexpectedly (a bug: errors reach the API as EngineException)", e);
            out.fail(EngineException.system(String.valueOf(e.getMessage()), e), null);
        }
    }

    /** Only the host's platform builds here (no emulation). */
    static void checkPlatform(String platform) {
        if (platform == null || platform.isEmpty()) {
            return;
        }
        String p = platform.toLowerCase(Locale.ROOT);
        if (!p.equals(OS + "/" + ARCH) && !p.equals(OS) && !p.equals(OS + "/x86_64")) {
            throw EngineException.invalid("platform " + platform + " is not supported: jdockd builds for "
                    + OS + "/" + ARCH + " only");
        }
    }

    @Override
    public StepCache cache() {
        return cache;
    }
}
