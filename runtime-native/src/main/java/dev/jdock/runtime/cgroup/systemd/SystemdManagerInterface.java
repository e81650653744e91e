package dev.jdock.runtime.cgroup.systemd;

import java.util.List;
import org.freedesktop.dbus.DBusPath;
import org.freedesktop.dbus.Struct;
import org.freedesktop.dbus.annotations.DBusInterfaceName;
import org.freedesktop.dbus.annotations.DBusMemberName;
import org.freedesktop.dbus.annotations.Position;
import org.freedesktop.dbus.exceptions.DBusException;
import org.freedesktop.dbus.interfaces.DBusInterface;
import org.freedesktop.dbus.messages.DBusSignal;
import org.freedesktop.dbus.types.UInt32;
import org.freedesktop.dbus.types.Variant;

/** The methods and the signal of {@code org.freedesktop.systemd1.Manager} that {@link DbusSystemdBus} uses. */
@DBusInterfaceName("org.freedesktop.systemd1.Manager")
interface SystemdManagerInterface extends DBusInterface {
    @DBusMemberName("StartTransientUnit")
    DBusPath startTransientUnit(String name, String mode, List<Property> properties, List<AuxUnit> aux);

    @DBusMemberName("StopUnit")
    DBusPath stopUnit(String name, String mode);

    @DBusMemberName("ResetFailedUnit")
    void resetFailedUnit(String name);

    @DBusMemberName("SetUnitProperties")
    void setUnitProperties(String name, boolean runtime, List<Property> properties);

    @DBusMemberName("Subscribe")
    void subscribe();

    /** {@code (sv)}: a unit property. */
    final class Property extends Struct {
        @Position(0)
        public final String name;
        @Position(1)
        public final Variant<?> value;

        Property(String name, Variant<?> value) {
            this.name = name;
            this.value = value;
        }
    }

    /** {@code (sa(sv))}: an auxiliary unit (none are sent). */
    final class AuxUnit extends Struct {
        @Position(0)
        public final String name;
        @Position(1)
        public final List<Property> properties;

        AuxUnit(String name, List<Property> properties) {
            this.name = name;
            this.properties = properties;
        }
    }

    /** {@code (ss)}: a {@code DeviceAllow} entry. */
    final class Device extends Struct {
        @Position(0)
        public final String path;
        @Position(1)
        public final String access;

        Device(String path, String access) {
            this.path = path;
            this.access = access;
        }
    }

    /** {@code JobRemoved(u id, o job, s unit, s result)}. */
    @DBusMemberName("JobRemoved")
    class JobRemoved extends DBusSignal {
        private final DBusPath job;
        private final String unit;
        private final String result;

        public JobRemoved(String path, UInt32 id, DBusPath job, String unit, String result) throws DBusException {
            super(path, id, job, unit, result);
            this.job = job;
            this.unit = unit;
            this.result = result;
        }

        DBusPath job() {
            return job;
        }

        String unit() {
            return unit;
        }

        String result() {
            return result;
        }
    }
}
