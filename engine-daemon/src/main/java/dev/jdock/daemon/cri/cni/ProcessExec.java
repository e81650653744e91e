package dev.jdock.daemon.cri.cni;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Runs one program to its end: the seam between this package ({@link PodNetwork}'s plugins, {@link PodNetns}'s
 * unshare) and processes. The real one is {@link ChildProcessExec}; unit tests answer with a fake that records what
 * it was given.
 */
public interface ProcessExec {
    /**
     * Runs {@code argv} with {@code env} added to the daemon's environment and {@code stdin} on its stdin.
     *
     * @throws CniException (LOCAL) when it cannot be started, runs longer than {@code timeout} (it is killed) or
     *         prints more than the bound on stdout
     */
    Output run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout);

    /** The exit code, all of stdout and the start of stderr. */
    record Output(int exitCode, byte[] stdout, String stderr) {
    }
}
