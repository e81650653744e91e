package dev.jdock.runtime.process;

import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * A signal to a process known by its pid only after a check that it is the one meant (a monitor's command line, a
 * container's cgroup): the check and the signal concern one process, the one a pidfd was opened on before the check.
 * kill(2) after a look at {@code /proc/PID} signals whatever process took the pid in between: with the kernel's
 * default {@code pid_max} of 32,768 a container that forks fast cycles the pids in a fraction of a second. crun
 * signals through pidfds so.
 */
public final class VerifiedSignal {
    /** What became of the signal. */
    public enum Outcome {
        /** Delivered to the process that passed the check. */
        SENT,
        /** The process had exited (before the open or before the signal). */
        GONE,
        /** The process under the pid is not the one meant: nothing was sent. */
        NOT_IT
    }

    private VerifiedSignal() {
    }

    /**
     * Opens a pidfd on {@code pid}, asks {@code isIt} about the pid, and signals that pidfd's process if the answer
     * is yes. Kernels without pidfds (before 5.3) get ProcessHandle's start-time check around the kill instead,
     * which leaves the instant between its last look and the kill.
     */
    public static Outcome send(Syscalls sys, int pid, IntPredicate isIt, int signal) {
        if (pid <= 0) {
            return Outcome.GONE; // 0 and negative pids name groups: never what a check is about
        }
        int fd;
        try {
            fd = sys.pidfdOpen(pid, 0);
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) {
                return Outcome.GONE;
            }
            if (e.errno() != Errno.ENOSYS) {
                throw e;
            }
            return byStartTime(sys, pid, isIt, signal);
        }
        try {
            if (!isIt.test(pid)) {
                return Outcome.NOT_IT;
            }
            sys.pidfdSendSignal(fd, signal);
            return Outcome.SENT;
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) {
                return Outcome.GONE;
            }
            throw e;
        } finally {
            sys.close(fd);
        }
    }

    private static Outcome byStartTime(Syscalls sys, int pid, IntPredicate isIt, int signal) {
        Optional<ProcessHandle> h = ProcessHandle.of(pid); // reads the process's start time
        if (h.isEmpty()) {
            return Outcome.GONE;
        }
        if (!isIt.test(pid)) {
            return Outcome.NOT_IT;
        }
        if (!h.get().isAlive()) { // gone, or another process (another start time) under the pid
            return Outcome.GONE;
        }
        try {
            sys.kill(pid, signal);
            return Outcome.SENT;
        } catch (SyscallException e) {
            if (e.errno() == Errno.ESRCH) {
                return Outcome.GONE;
            }
            throw e;
        }
    }
}
