package dev.jdock.runtime.cgroup.systemd;

import java.time.Duration;
import java.util.List;

/**
 * The few calls of systemd's manager ({@code org.freedesktop.systemd1.Manager}) the systemd cgroup driver makes.
 * {@link DbusSystemdBus} talks to systemd over D-Bus; tests give a fake that records the calls and makes the scope's
 * directories in a fake cgroup tree. A call that fails throws {@link dev.jdock.runtime.cgroup.CgroupException}
 * with systemd's error. No call holds a lock of its caller's while it waits.
 */
public interface SystemdBus extends AutoCloseable {
    /**
     * {@code StartTransientUnit(unit, "replace", properties, [])} and waits at most {@code timeout} for its job's
     * {@code JobRemoved}: returns when the job is {@code done}; throws with the job's result otherwise. A unit of that
     * name that exists already, inactive (a failed one kept by systemd), is reset and started once more.
     */
    void startTransientUnit(String unit, List<UnitProperty> properties, Duration timeout);

    /** {@code SetUnitProperties(unit, runtime=true, properties)}. */
    void setUnitProperties(String unit, List<UnitProperty> properties);

    /**
     * {@code StopUnit(unit, "replace")}, waiting at most {@code timeout} for the job, then {@code ResetFailedUnit}:
     * nothing of the unit is left. A unit systemd does not know (already gone) is no error.
     */
    void stopUnit(String unit, Duration timeout);

    @Override
    void close();
}
