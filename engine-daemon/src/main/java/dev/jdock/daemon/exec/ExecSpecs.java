package dev.jdock.daemon.exec;

import dev.jdock.api.types.exec.ExecConfig;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.runtime.caps.CapabilitySetsPlan;
import dev.jdock.runtime.spec.CapabilitySets;
import dev.jdock.runtime.spec.ExecSpec;
import dev.jdock.runtime.spec.ProcessSpec;
import dev.jdock.runtime.spec.RuntimeSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds an exec's runtime spec from the container's (its runtime spec file: capabilities, rlimits, oom_score_adj,
 * seccomp, cgroups, no-new-privileges, extra groups) and its Docker config (env, user, working dir), as moby does:
 * env = PATH + HOSTNAME (+ TERM=xterm with a TTY), then the container's Env, then the exec's Env, each replacing
 * earlier entries of the same key; user and working dir default to the container's.
 */
final class ExecSpecs {
    static final String DEFAULT_PATH = "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private ExecSpecs() {
    }

    /** What the exec needs to know about its container. */
    record ContainerView(String id, int pid, String hostname, List<String> env, String user, String workingDir,
            RuntimeSpec spec) {
    }

    static ExecSpec build(String execId, Path dir, ContainerView c, ExecConfig e, long privilegedMask, int height,
            int width) {
        String user = e.user().isEmpty() ? c.user() : e.user();
        String cwd = !e.workingDir().isEmpty() ? e.workingDir() : c.workingDir().isEmpty() ? "/" : c.workingDir();
        ProcessSpec cp = c.spec().process();
        long mask = e.privileged() ? privilegedMask : cp.caps().bounding();
        CapabilitySetsPlan plan = CapabilitySetsPlan.forUser(mask, isRoot(user));
        ProcessSpec p = new ProcessSpec(e.cmd(), env(c, e), cwd, user, cp.additionalGids(), e.tty(), e.attachStdin(),
                e.attachStdin(), height, width, cp.noNewPrivileges(),
                new CapabilitySets(plan.bounding(), plan.effective(), plan.permitted(), plan.inheritable(),
                        plan.ambient()),
                cp.rlimits(), cp.imageGroups(), false,
                cp.apparmorProfile()); // the container's, as moby gives an exec (--privileged does not change it)
        return new ExecSpec(execId, dir, c.pid(), p, c.spec().seccompBpf(), c.spec().cgroupProcsFiles(),
                c.spec().oomScoreAdj());
    }

    static List<String> env(ContainerView c, ExecConfig e) {
        List<String> env = new ArrayList<>();
        env.add(DEFAULT_PATH);
        env.add("HOSTNAME=" + c.hostname());
        if (e.tty()) {
            env.add("TERM=xterm");
        }
        replaceOrAppend(env, c.env());
        replaceOrAppend(env, e.env());
        return env;
    }

    /** moby's ReplaceOrAppendEnvValues: KEY=V replaces KEY; a bare KEY removes it. */
    static void replaceOrAppend(List<String> env, List<String> overrides) {
        for (String o : overrides) {
            int eq = o.indexOf('=');
            String key = eq < 0 ? o : o.substring(0, eq);
            int at = -1;
            for (int i = 0; i < env.size(); i++) {
                String x = env.get(i);
                if (x.equals(key) || x.startsWith(key + "=")) {
                    at = i;
                    break;
                }
            }
            if (eq < 0) {
                if (at >= 0) {
                    env.remove(at);
                }
            } else if (eq == 0) {
                throw EngineException.invalid("invalid environment variable: " + o);
            } else if (at >= 0) {
                env.set(at, o);
            } else {
                env.add(o);
            }
        }
    }

    static boolean isRoot(String user) {
        String u = user.contains(":") ? user.substring(0, user.indexOf(':')) : user;
        return u.isEmpty() || u.equals("root") || u.equals("0");
    }

    /**
     * moby's exit code for an exec whose process could not be started: always 126 (ContainerExecStart's deferred
     * cleanup sets it over the 127 translateContainerdStartErr gives a missing file; dockerd 20.10 beside jdockd: 126
     * for a missing command, a missing working directory, an unknown user and a directory). A container's start
     * keeps the 127.
     */
    static int startFailureCode(String message) {
        return 126;
    }

    /**
     * Docker's text for a failed exec start: the runtime's words in containerd's wrapping, but for a user or group
     * the image does not know, moby's own refusal while it makes the process spec (execSetPlatformOpt's getUser):
     * its words alone (dockerd 20.10 beside jdockd).
     */
    static String startFailureMessage(String message) {
        if (message.startsWith("unable to find user ") || message.startsWith("unable to find group ")) {
            return message;
        }
        return "OCI runtime exec failed: exec failed: unable to start container process: " + message + ": unknown";
    }
}
