package dev.jdock.daemon.container;

import dev.jdock.api.types.container.MountPoint;
import dev.jdock.daemon.events.EventSink;
import dev.jdock.runtime.spec.MountSpec;
import java.util.List;

/** Container feature neighbours for tests: loopback networking, no volumes, no exec, events dropped unless given. */
final class TestNeighbours {
    static final ContainerMounts NO_MOUNTS = new ContainerMounts() {
        @Override
        public void created(Container c) {
        }

        @Override
        public List<MountSpec> prepare(Container c, ImageSource.Rootfs rootfs) {
            return List.of();
        }

        @Override
        public void released(Container c) {
        }

        @Override
        public void removed(Container c, boolean removeVolumes) {
        }

        @Override
        public List<MountPoint> mountPoints(Container c) {
            return List.of();
        }
    };

    static final HealthProbe NO_PROBE = (c, cmd, timeout) ->
            new HealthProbe.Result(-1, "healthcheck probes are not available");

    private TestNeighbours() {
    }

    static ContainerNeighbours isolated(ImageSource images) {
        return isolated(images, (type, action, id, attrs) -> { });
    }

    static ContainerNeighbours isolated(ImageSource images, EventSink events) {
        return new ContainerNeighbours(images, new LoopbackNetworking(), NO_MOUNTS, NO_PROBE, id -> null, events);
    }

    static ContainerNeighbours with(ContainerNeighbours n, ContainerNetworking networking) {
        return new ContainerNeighbours(n.images(), networking, n.mounts(), n.health(), n.execIds(), n.events());
    }

    static ContainerNeighbours with(ContainerNeighbours n, HealthProbe health) {
        return new ContainerNeighbours(n.images(), n.networking(), n.mounts(), health, n.execIds(), n.events());
    }
}
