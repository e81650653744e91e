package dev.jdock.runtime.cgroup;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A fake cgroupfs in a temp dir: mkdir populates the interface files the kernel would create for the
 * hierarchy's controllers, rmdir removes them (and refuses while cgroup.procs is non-empty, like EBUSY),
 * writes to missing files fail, and every write is logged.
 */
final class FakeCgroupKernel implements CgroupFs {
    /** A recorded write. */
    record Write(Path file, String value) {}

    private final Map<Path, List<String>> hierarchies = new LinkedHashMap<>();
    private final List<Write> writes = new ArrayList<>();
    private boolean swapAccounting = true;
    private boolean cgroupKill = true;

    /** Registers a hierarchy root with its controllers ("unified" for cgroup2) and creates its root files. */
    FakeCgroupKernel hierarchy(Path root, String... controllers) {
        hierarchies.put(root, List.of(controllers));
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        populate(root, true);
        return this;
    }

    FakeCgroupKernel swapAccounting(boolean on) {
        swapAccounting = on;
        return this;
    }

    FakeCgroupKernel cgroupKill(boolean on) {
        cgroupKill = on;
        return this;
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    String content(Path file) {
        return read(file);
    }

    /** Sets a file as the kernel would (no write is recorded). */
    void kernelSets(Path file, String value) {
        try {
            Files.writeString(file, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map.Entry<Path, List<String>> hierarchyOf(Path dir) {
        return hierarchies.entrySet().stream().filter(e -> dir.startsWith(e.getKey()))
                .max(Comparator.comparingInt(e -> e.getKey().getNameCount()))
                .orElseThrow(() -> new CgroupException("mkdir " + dir + ": not in a cgroup hierarchy"));
    }

    private void populate(Path dir, boolean isRoot) {
        List<String> controllers = hierarchyOf(dir).getValue();
        Map<String, String> files = new LinkedHashMap<>();
        files.put("cgroup.procs", "");
        for (String c : controllers) {
            files.putAll(filesFor(c, isRoot));
        }
        files.forEach((name, value) -> {
            Path f = dir.resolve(name);
            if (!Files.exists(f)) {
                kernelSets(f, value);
            }
        });
    }

    private Map<String, String> filesFor(String controller, boolean isRoot) {
        Map<String, String> m = new LinkedHashMap<>();
        switch (controller) {
            case "memory" -> {
                m.put("memory.limit_in_bytes", "9223372036854771712");
                m.put("memory.soft_limit_in_bytes", "9223372036854771712");
                m.put("memory.usage_in_bytes", "0");
                if (swapAccounting) {
                    m.put("memory.memsw.limit_in_bytes", "9223372036854771712");
                }
            }
            case "cpu" -> {
                m.put("cpu.shares", "1024");
                m.put("cpu.cfs_quota_us", "-1");
                m.put("cpu.cfs_period_us", "100000");
            }
            case "cpuset" -> {
                m.put("cpuset.cpus", isRoot ? "0-1" : "");
                m.put("cpuset.mems", isRoot ? "0" : "");
            }
            case "pids" -> {
                m.put("pids.max", "max");
                m.put("pids.current", "0");
            }
            case "freezer" -> m.put("freezer.state", "THAWED");
            case "blkio" -> m.put("blkio.weight", "500");
            case "devices" -> {
                m.put("devices.list", "a *:* rwm");
                m.put("devices.allow", "");
                m.put("devices.deny", "");
            }
            case "unified" -> m.putAll(unifiedFiles(isRoot));
            default -> { }
        }
        return m;
    }

    /** cgroup2 core files; controller files appear where the parent enabled the controller. */
    private Map<String, String> unifiedFiles(boolean isRoot) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cgroup.controllers", "");
        m.put("cgroup.subtree_control", "");
        m.put("cgroup.events", "populated 0\nfrozen 0");
        if (!isRoot) {
            m.put("cgroup.freeze", "0");
        }
        if (cgroupKill && !isRoot) {
            m.put("cgroup.kill", "");
        }
        return m;
    }

    /** On v2, the files of a child depend on its parent's subtree_control. */
    private void populateV2Controllers(Path dir) {
        Path parent = dir.getParent();
        String enabled = read(parent.resolve("cgroup.subtree_control"));
        kernelSets(dir.resolve("cgroup.controllers"), enabled);
        for (String c : enabled.split("\\s+")) {
            switch (c) {
                case "memory" -> {
                    kernelSets(dir.resolve("memory.max"), "max");
                    kernelSets(dir.resolve("memory.low"), "0");
                    kernelSets(dir.resolve("memory.current"), "0");
                    if (swapAccounting) {
                        kernelSets(dir.resolve("memory.swap.max"), "max");
                    }
                }
                case "cpu" -> {
                    kernelSets(dir.resolve("cpu.max"), "max 100000");
                    kernelSets(dir.resolve("cpu.weight"), "100");
                }
                case "pids" -> {
                    kernelSets(dir.resolve("pids.max"), "max");
                    kernelSets(dir.resolve("pids.current"), "0");
                }
                case "cpuset" -> {
                    kernelSets(dir.resolve("cpuset.cpus"), "");
                    kernelSets(dir.resolve("cpuset.mems"), "");
                }
                case "io" -> kernelSets(dir.resolve("io.weight"), "default 100");
                default -> { }
            }
        }
    }

    @Override
    public String read(Path file) {
        try {
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new CgroupException("read " + file + ": " + e, e);
        }
    }

    @Override
    public void write(Path file, String value) {
        if (!Files.isRegularFile(file)) {
            throw new CgroupException("write " + value + " to " + file + ": No such file or directory");
        }
        writes.add(new Write(file, value));
        if (file.getFileName().toString().equals("cgroup.subtree_control")) {
            subtreeControl(file, value);
        } else if (file.getFileName().toString().equals("cgroup.freeze")) {
            kernelSets(file, value);
            kernelSets(file.resolveSibling("cgroup.events"), "populated 0\nfrozen " + value);
        } else if (file.getFileName().toString().equals("cgroup.kill") && value.equals("1")) {
            for (String pid : read(file.resolveSibling("cgroup.procs")).split("\n")) {
                exitProcess(pid.trim());
            }
        } else if (file.getFileName().toString().equals("cgroup.procs")) {
            List<String> pids = new ArrayList<>(read(file).lines().toList());
            if (!pids.contains(value.trim())) {
                pids.add(value.trim());
            }
            kernelSets(file, String.join("\n", pids));
        } else {
            kernelSets(file, value);
        }
    }

    private void subtreeControl(Path file, String value) {
        String available = read(file.resolveSibling("cgroup.controllers"));
        List<String> enabled = new ArrayList<>(List.of(read(file).split("\\s+")));
        enabled.remove("");
        for (String token : value.split("\\s+")) {
            String c = token.substring(1);
            if (!List.of(available.split("\\s+")).contains(c)) {
                throw new CgroupException("write " + value + " to " + file + ": No such file or directory");
            }
            if (token.startsWith("+") && !enabled.contains(c)) {
                enabled.add(c);
            }
        }
        kernelSets(file, String.join(" ", enabled));
    }

    /** A process exited: it disappears from every cgroup.procs in every hierarchy. */
    void exitProcess(String pid) {
        for (Path h : hierarchies.keySet()) {
            try (Stream<Path> files = Files.walk(h)) {
                for (Path f : files.filter(p -> p.getFileName().toString().equals("cgroup.procs")).toList()) {
                    kernelSets(f, String.join("\n", read(f).lines().filter(l -> !l.trim().equals(pid)).toList()));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    @Override
    public boolean exists(Path path) {
        return Files.exists(path);
    }

    @Override
    public void mkdir(Path dir) {
        if (Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.createDirectory(dir);
        } catch (IOException e) {
            throw new CgroupException("mkdir " + dir + ": " + e, e);
        }
        populate(dir, false);
        if (hierarchyOf(dir).getValue().contains("unified")) {
            populateV2Controllers(dir);
        }
    }

    @Override
    public void rmdir(Path dir) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        if (!read(dir.resolve("cgroup.procs")).isEmpty()) {
            throw new CgroupException("rmdir " + dir + ": Device or resource busy");
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                if (Files.isDirectory(f)) {
                    throw new CgroupException("rmdir " + dir + ": Device or resource busy");
                }
                Files.delete(f);
            }
            Files.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
