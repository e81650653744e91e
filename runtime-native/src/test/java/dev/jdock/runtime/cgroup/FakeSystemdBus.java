package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.cgroup.systemd.SystemdBus;
import dev.jdock.runtime.cgroup.systemd.SystemdNames;
import dev.jdock.runtime.cgroup.systemd.UnitProperty;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * systemd as the driver sees it, over a {@link FakeCgroupKernel}: StartTransientUnit makes the scope's cgroup (and
 * its slices) in the hierarchies systemd manages, below its root, and moves the PIDs in; StopUnit kills what is in it
 * and removes it. Every call is recorded; {@link #failStart} makes the next start's job end "failed".
 */
final class FakeSystemdBus implements SystemdBus {
    record Call(String method, String unit, List<UnitProperty> properties) {}

    private final FakeCgroupKernel kernel;
    private final List<Path> managed;
    private final List<Call> calls = new ArrayList<>();
    private final Map<String, List<Path>> units = new LinkedHashMap<>();
    private String failStart;
    boolean closed;

    /** @param managed the directories systemd's root is in each hierarchy it manages */
    FakeSystemdBus(FakeCgroupKernel kernel, List<Path> managed) {
        this.kernel = kernel;
        this.managed = List.copyOf(managed);
    }

    FakeSystemdBus failStart(String result) {
        failStart = result;
        return this;
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    List<String> units() {
        return List.copyOf(units.keySet());
    }

    Object property(int call, String name) {
        return calls.get(call).properties().stream().filter(p -> p.name().equals(name)).findFirst()
                .map(UnitProperty::value).orElse(null);
    }

    @Override
    public void startTransientUnit(String unit, List<UnitProperty> properties, Duration timeout) {
        calls.add(new Call("StartTransientUnit", unit, properties));
        if (units.containsKey(unit)) {
            throw new CgroupException("start " + unit + ": Unit " + unit + " already exists.");
        }
        if (failStart != null) {
            String result = failStart;
            failStart = null;
            throw new CgroupException("start " + unit + ": systemd's job ended " + result);
        }
        String slice = (String) properties.stream().filter(p -> p.name().equals("Slice")).findFirst()
                .orElseThrow().value();
        List<Path> dirs = new ArrayList<>();
        for (Path top : managed) {
            List<Path> levels = new ArrayList<>();
            for (Path p = top; !kernel.exists(p); p = p.getParent()) {
                levels.add(0, p);
            }
            Path dir = top;
            for (String n : SystemdNames.expandSlice(slice)) {
                dir = dir.resolve(n);
                levels.add(dir);
            }
            dir = dir.resolve(unit);
            levels.add(dir);
            for (Path level : levels) {
                if (!kernel.exists(level)) {
                    delegate(level.getParent());
                    kernel.mkdir(level);
                }
            }
            for (Object pid : (List<?>) properties.stream().filter(p -> p.name().equals("PIDs")).findFirst()
                    .orElseThrow().value()) {
                kernel.write(dir.resolve("cgroup.procs"), pid.toString());
            }
            dirs.add(dir);
        }
        units.put(unit, dirs);
    }

    /** On cgroup2: enables the available controllers below {@code dir}, as systemd does for a delegated scope. */
    private void delegate(Path dir) {
        Path control = dir.resolve("cgroup.subtree_control");
        if (kernel.exists(control)) {
            String available = kernel.read(dir.resolve("cgroup.controllers")).trim();
            if (!available.isEmpty()) {
                kernel.write(control, "+" + String.join(" +", available.split("\\s+")));
            }
        }
    }

    @Override
    public void setUnitProperties(String unit, List<UnitProperty> properties) {
        calls.add(new Call("SetUnitProperties", unit, properties));
        if (!units.containsKey(unit)) {
            throw new CgroupException("setting properties on " + unit + ": Unit " + unit + " not loaded.");
        }
    }

    @Override
    public void stopUnit(String unit, Duration timeout) {
        calls.add(new Call("StopUnit", unit, List.of()));
        List<Path> dirs = units.remove(unit);
        if (dirs == null) {
            return;
        }
        for (Path dir : dirs) {
            if (!kernel.exists(dir)) {
                continue; // removed by the driver's cgroupfs code already
            }
            for (String pid : kernel.read(dir.resolve("cgroup.procs")).split("\n")) {
                if (!pid.isBlank()) {
                    kernel.exitProcess(pid.trim());
                }
            }
            if (kernel.exists(dir)) {
                kernel.rmdir(dir);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
    }
}
