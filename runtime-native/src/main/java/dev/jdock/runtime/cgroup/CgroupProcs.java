package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import dev.jdock.runtime.syscall.Syscalls;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Shared steps of cgroup handles: reading pids, killing them, removing directories. */
final class CgroupProcs {
    static final int SIGKILL = 9;

    private CgroupProcs() {}

    static List<Integer> parse(String procs) {
        List<Integer> pids = new ArrayList<>();
        for (String line : procs.split("\n")) {
            if (!line.isBlank()) {
                pids.add(Integer.parseInt(line.trim()));
            }
        }
        return pids;
    }

    /** Union of the pids in the given cgroup.procs files that exist. */
    static List<Integer> read(CgroupFs fs, List<Path> procsFiles) {
        Set<Integer> all = new LinkedHashSet<>();
        for (Path p : procsFiles) {
            if (fs.exists(p)) {
                all.addAll(parse(fs.read(p)));
            }
        }
        return List.copyOf(all);
    }

    /** SIGKILL each pid, ignoring processes that already exited. */
    static void killAll(Syscalls sys, List<Integer> pids) {
        for (int pid : pids) {
            try {
                sys.kill(pid, SIGKILL);
            } catch (SyscallException e) {
                if (e.errno() != Errno.ESRCH) {
                    throw e;
                }
            }
        }
    }

    /**
     * Removes each directory; those the kernel refuses (busy: processes still exiting) once the procs files are
     * empty, retrying while the kernel says busy. An emptied cgroup (a container that exited) goes at the first
     * rmdir, without reading its procs files first.
     */
    static void awaitEmptyAndRemove(CgroupFs fs, Polling polling, List<Path> procsFiles, List<Path> dirs) {
        List<Path> left = new ArrayList<>();
        for (Path dir : dirs) {
            try {
                fs.rmdir(dir);
            } catch (CgroupException e) {
                left.add(dir);
            }
        }
        if (left.isEmpty()) {
            return;
        }
        if (!polling.await(() -> read(fs, procsFiles).isEmpty())) {
            throw new CgroupException("processes still running in " + left.get(0) + ": " + read(fs, procsFiles));
        }
        for (Path dir : left) {
            CgroupException[] last = new CgroupException[1];
            boolean removed = polling.await(() -> {
                try {
                    fs.rmdir(dir);
                    return true;
                } catch (CgroupException e) {
                    last[0] = e;
                    return false;
                }
            });
            if (!removed) {
                throw last[0];
            }
        }
    }

    static long readLong(CgroupFs fs, Path file) {
        if (!fs.exists(file)) {
            return -1;
        }
        String v = fs.read(file);
        return v.equals("max") ? Long.MAX_VALUE : Long.parseLong(v);
    }
}
