package dev.jdock.runtime.cgroup.systemd;

import dev.jdock.runtime.cgroup.CgroupException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The process a new scope is started with. systemd refuses a scope without a process ("Scope has no PIDs") and stops
 * one whose processes are all gone; jdock's container init is born in its cgroup ({@code clone3(CLONE_INTO_CGROUP)})
 * and joins the v1 hierarchies itself, so the cgroup must exist before the init does. A placeholder holds the scope
 * from its start until the init is in it ({@link dev.jdock.runtime.cgroup.CgroupHandle#launched}), as runc's scope
 * holds its {@code runc init}.
 */
public interface ScopeHolder {
    /** A running placeholder. */
    interface Held {
        int pid();

        /** Ends the placeholder and reaps it; idempotent. */
        void release();
    }

    Held hold();

    /**
     * {@code jdock-init --pause}: sleeps until SIGTERM, then exits 0. A daemon killed before it releases one leaves
     * it in the scope, where the container's removal (which stops the scope) ends it.
     */
    static ScopeHolder pause(Path initBinary) {
        return () -> {
            Process p;
            try {
                p = new ProcessBuilder(List.of(initBinary.toString(), "--pause"))
                        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
            } catch (IOException e) {
                throw new CgroupException("starting the scope's placeholder " + initBinary + ": " + e.getMessage(), e);
            }
            return new Held() {
                @Override
                public int pid() {
                    return (int) p.pid();
                }

                @Override
                public void release() {
                    p.destroy();
                    try {
                        if (!p.waitFor(2, TimeUnit.SECONDS)) {
                            p.destroyForcibly().waitFor(2, TimeUnit.SECONDS);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            };
        };
    }
}
