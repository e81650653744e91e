package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerState;
import dev.jdock.api.types.container.ContainerStatus;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.GraphDriver;
import dev.jdock.api.types.container.LogConfig;
import dev.jdock.api.types.container.NetworkSettings;
import dev.jdock.daemon.api.Rfc3339;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** The API views of a container: {@code GET /containers/json} entries and {@code GET /containers/{id}/json}. */
final class ContainerViews {
    private final Function<String, ImageSource.Rootfs> rootfsOf;
    /** The running exec IDs of a container (null when none): from the exec feature. */
    private final Function<String, List<String>> execIdsOf;
    /** NetworkSettings, ps Ports and Networks: from the network feature. */
    private final ContainerNetworking networking;
    /** Mounts: from the volume feature. */
    private final ContainerMounts mounts;

    /** Containers by name or ID: a {@code container:<x>} network mode shows x's hostname, hosts and resolv.conf. */
    private final Function<String, java.util.Optional<Container>> containers;
    /** Inspect's AppArmorProfile: the runtime's (empty where the host has no AppArmor). */
    private final Function<Container, String> appArmorProfile;

    ContainerViews(Function<String, ImageSource.Rootfs> rootfsOf, ContainerNeighbours neighbours) {
        this(rootfsOf, neighbours, ref -> java.util.Optional.empty(), c -> "");
    }

    ContainerViews(Function<String, ImageSource.Rootfs> rootfsOf, ContainerNeighbours neighbours,
            Function<String, java.util.Optional<Container>> containers, Function<Container, String> appArmorProfile) {
        this.containers = containers;
        this.appArmorProfile = appArmorProfile;
        this.rootfsOf = rootfsOf;
        this.execIdsOf = neighbours.execIds();
        this.networking = neighbours.networking();
        this.mounts = neighbours.mounts();
    }

    ContainerSummary summary(Container c) {
        ContainerRecord r = c.record();
        ContainerRunState s = c.state();
        Times t = c.times();
        if (t == null || t.record() != r || t.state() != s) {
            t = new Times(r, s, Rfc3339.parse(r.created()).getEpochSecond(), shownTime(s));
            c.times(t);
        }
        String networkMode = r.hostConfig().networkMode() == null || r.hostConfig().networkMode().isEmpty()
                ? "default" : r.hostConfig().networkMode();
        return ContainerSummary.builder()
                .id(r.id())
                .names(List.of("/" + r.name()))
                .image(r.config().image())
                .imageId(r.imageId())
                .command(command(r))
                .created(t.created())
                .ports(networking.ports(c))
                .labels(r.config().labels() == null ? Map.of() : r.config().labels())
                .state(s.status().wire())
                .status(statusText(s, t.shown(), Instant.now()))
                .hostConfig(new ContainerSummary.SummaryHostConfig(networkMode, null))
                .networkSettings(new ContainerSummary.SummaryNetworkSettings(networking.networks(c)))
                .mounts(mounts.mountPoints(c))
                .build();
    }

    /** moby's list Command: the path and its arguments, an argument with a space in it single-quoted. */
    static String command(ContainerRecord r) {
        StringBuilder b = new StringBuilder().append(r.path()); // as String.join: null reads "null"
        for (String a : r.args()) {
            b.append(' ');
            if (a != null && a.contains(" ")) {
                b.append('\'').append(a).append('\'');
            } else {
                b.append(a);
            }
        }
        return b.toString();
    }

    /**
     * A container's times as ps shows them, parsed from the RFC 3339 text of {@code record} and {@code state} and
     * kept on the container ({@link Container#times}) until either changes: ps lists every container each time,
     * and parsing took a seventh of a list on a daemon that had not compiled the parser yet.
     *
     * @param created the record's creation time, Unix seconds
     * @param shown   the time the status counts from ({@link #shownTime}), or null
     */
    record Times(ContainerRecord record, ContainerRunState state, long created, Instant shown) {
    }

    /** The time ps's STATUS counts from: the start while up, the end once exited or restarting; null otherwise. */
    static Instant shownTime(ContainerRunState s) {
        return switch (s.status()) {
            case RUNNING, PAUSED -> Rfc3339.parse(s.startedAt());
            case EXITED -> s.finishedAt().equals(ContainerRunState.ZERO_TIME) ? null : Rfc3339.parse(s.finishedAt());
            case RESTARTING -> Rfc3339.parse(s.finishedAt());
            case CREATED, REMOVING, DEAD -> null;
        };
    }

    /** ps's STATUS column: "Up 3 seconds", "Exited (0) 5 minutes ago", "Created". */
    static String statusText(ContainerRunState s, Instant now) {
        return statusText(s, shownTime(s), now);
    }

    /** {@link #statusText(ContainerRunState, Instant)} with the state's {@link #shownTime} already parsed. */
    static String statusText(ContainerRunState s, Instant shown, Instant now) {
        return switch (s.status()) {
            case RUNNING -> "Up " + humanDuration(Duration.between(shown, now)) + healthSuffix(s.health());
            case PAUSED -> "Up " + humanDuration(Duration.between(shown, now)) + " (Paused)";
            case EXITED -> shown == null ? "Exited (" + s.exitCode() + ")"
                    : "Exited (" + s.exitCode() + ") " + humanDuration(Duration.between(shown, now)) + " ago";
            case CREATED -> "Created";
            case RESTARTING -> "Restarting (" + s.exitCode() + ") " + humanDuration(Duration.between(shown, now))
                    + " ago";
            case REMOVING -> "Removal In Progress";
            case DEAD -> "Dead";
        };
    }

    /** Docker's ps suffix: " (healthy)", " (health: starting)", " (unhealthy)", or nothing. */
    static String healthSuffix(HealthState h) {
        if (h == null) {
            return "";
        }
        return h.status().equals(HealthState.STARTING) ? " (health: starting)" : " (" + h.status() + ")";
    }

    /** Docker's units.HumanDuration. */
    static String humanDuration(Duration d) {
        long secs = d.getSeconds();
        if (secs < 1) {
            return "Less than a second";
        } else if (secs == 1) {
            return "1 second";
        } else if (secs < 60) {
            return secs + " seconds";
        }
        long mins = d.toMinutes();
        if (mins == 1) {
            return "About a minute";
        } else if (mins < 60) {
            return mins + " minutes";
        }
        long hours = Math.round(d.toMinutes() / 60.0);
        if (hours == 1) {
            return "About an hour";
        } else if (hours < 48) {
            return hours + " hours";
        } else if (hours < 24 * 7 * 2) {
            return (hours / 24) + " days";
        } else if (hours < 24 * 30 * 2) {
            return (hours / 24 / 7) + " weeks";
        } else if (hours < 24 * 365 * 2) {
            return (hours / 24 / 30) + " months";
        }
        return (hours / 24 / 365) + " years";
    }

    ContainerInspect inspect(Container c) {
        ContainerRecord r = c.record();
        // network mode container:<x>: x's files are the ones mounted (SpecFactory), as moby's paths say
        String mode = r.hostConfig() == null || r.hostConfig().networkMode() == null ? ""
                : r.hostConfig().networkMode();
        Container etc = r.podLink() == null && mode.startsWith("container:")
                ? containers.apply(mode.substring("container:".length())).orElse(c) : c;
        ContainerRunState s = c.state();
        ContainerState state = ContainerState.builder()
                .status(s.status().wire())
                .running(s.isRunning() || s.status() == ContainerStatus.RESTARTING)
                .paused(s.status() == ContainerStatus.PAUSED)
                .restarting(s.status() == ContainerStatus.RESTARTING)
                .oomKilled(s.oomKilled())
                .dead(s.status() == ContainerStatus.DEAD)
                .pid(s.pid())
                .exitCode(s.exitCode())
                .error(s.error())
                .startedAt(s.startedAt())
                .finishedAt(s.finishedAt())
                .health(s.health() == null ? null : s.health().toHealth())
                .build();
        String networkMode = r.hostConfig().networkMode() == null || r.hostConfig().networkMode().isEmpty()
                ? "default" : r.hostConfig().networkMode();
        // moby sets the files' paths and the log's at the first start: a container never started shows them empty
        boolean started = !ContainerRunState.ZERO_TIME.equals(s.startedAt());
        return ContainerInspect.builder()
                .id(r.id())
                .created(r.created())
                .path(r.path())
                .args(r.args())
                .state(state)
                .image(r.imageId())
                .resolvConfPath(started ? ContainerFiles.shown(etc, "resolv.conf") : "")
                .hostnamePath(started ? ContainerFiles.shown(etc, "hostname") : "")
                .hostsPath(started ? ContainerFiles.shown(etc, "hosts") : "")
                // as moby: only json-file's path is API; local's file layout is not exposed, none has none
                .logPath(started && "json-file".equals(ContainerFiles.logDriver(c))
                        ? ContainerFiles.logPath(c).toString() : "")
                .name("/" + r.name())
                .restartCount(s.restartCount())
                .driver("overlay2")
                .platform("linux")
                .mountLabel("")
                .processLabel("")
                .appArmorProfile(appArmorProfile.apply(c))
                .execIds(execIdsOf.apply(r.id()))
                .hostConfig(r.hostConfig().toBuilder().networkMode(networkMode).links(networking.inspectLinks(c))
                        .runtime(r.hostConfig().runtime() == null || r.hostConfig().runtime().isEmpty()
                                ? ContainerRuntimes.DEFAULT : r.hostConfig().runtime())
                        .logConfig(effectiveLogConfig(r.hostConfig().logConfig())).build())
                .graphDriver(graphDriver(c))
                .mounts(mounts.mountPoints(c))
                .config(r.config())
                .networkSettings(networking.settings(c))
                .build();
    }

    private GraphDriver graphDriver(Container c) {
        try {
            ImageSource.Rootfs fs = rootfsOf.apply(c.id());
            StringBuilder lower = new StringBuilder();
            for (var p : fs.lowerTopFirst()) {
                if (lower.length() > 0) {
                    lower.append(':');
                }
                lower.append(p);
            }
            return new GraphDriver("overlay2", Map.of("LowerDir", lower.toString(), "UpperDir", fs.upper().toString(),
                    "WorkDir", fs.work().toString(), "MergedDir", c.dir().resolve("rootfs").toString()));
        } catch (RuntimeException e) {
            return new GraphDriver("overlay2", Map.of());
        }
    }

    /**
     * The log configuration inspect shows: Docker fills in the driver at create (docker-py's containers.run reads
     * HostConfig.LogConfig.Type), so an unset or empty one reads as the json-file default the runtime uses.
     */
    static LogConfig effectiveLogConfig(LogConfig lc) {
        if (lc != null && lc.type() != null && !lc.type().isEmpty()) {
            return lc.config() == null ? new LogConfig(lc.type(), Map.of()) : lc;
        }
        return new LogConfig("json-file",
                lc == null || lc.config() == null ? Map.of() : lc.config());
    }
}
