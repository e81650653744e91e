package dev.jdock.daemon.container;

import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /containers/prune} as moby's ContainersPrune: removes every container that is not running (nor
 * restarting) and matches {@code until} (created before) and {@code label}/{@code label!}; reports the IDs and the
 * size of their writable layers.
 */
final class ContainerPruner {
    private static final Logger LOG = LoggerFactory.getLogger(ContainerPruner.class);
    private static final Set<String> FILTERS = Set.of("until", "label", "label!");
    private static final Pattern DURATION = Pattern.compile("^(?:\\d+(?:\\.\\d+)?(?:ns|us|µs|ms|s|m|h))+$");
    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)");
    private static final Pattern UNIX = Pattern.compile("^-?\\d+(\\.\\d+)?$");

    private final ContainerStore store;
    private final ContainerLifecycle lifecycle;
    private final ImageSource images;

    ContainerPruner(ContainerStore store, ContainerLifecycle lifecycle, ImageSource images) {
        this.store = store;
        this.lifecycle = lifecycle;
        this.images = images;
    }

    /** What was removed: container IDs and the bytes of their writable layers. */
    record Report(List<String> deleted, long spaceReclaimed) {
    }

    Report prune(Filters filters, Instant now) {
        filters.validate(FILTERS);
        Instant until = filters.values("until").isEmpty() ? null
                : parseUntil(filters.values("until").iterator().next(), now);
        List<String> deleted = new ArrayList<>();
        long space = 0;
        for (Container c : store.all()) {
            if (c.isRunning() || c.state().status() == dev.jdock.api.types.container.ContainerStatus.RESTARTING) {
                continue;
            }
            if (until != null && !Instant.parse(c.record().created()).isBefore(until)) {
                continue;
            }
            if (!labelsMatch(filters, c.record().config().labels())) {
                continue;
            }
            long size = upperSize(c);
            try {
                lifecycle.remove(c, false);
                deleted.add(c.id());
                space += size;
            } catch (EngineException e) {
                LOG.debug("prune: skipping {}: {}", c.id(), e.getMessage());
            }
        }
        return new Report(deleted, space);
    }

    static boolean labelsMatch(Filters f, Map<String, String> labels) {
        for (String l : f.values("label")) {
            if (!ContainerFilter.labelMatches(labels, l)) {
                return false;
            }
        }
        for (String l : f.values("label!")) {
            if (ContainerFilter.labelMatches(labels, l)) {
                return false;
            }
        }
        return true;
    }

    private long upperSize(Container c) {
        try {
            Path upper = images.rootfs(c.id()).upper();
            if (!Files.isDirectory(upper)) {
                return 0;
            }
            try (Stream<Path> s = Files.walk(upper)) {
                return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
            }
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** Go durations (relative to now), Unix timestamps, RFC 3339. */
    static Instant parseUntil(String value, Instant now) {
        String v = value.trim();
        if (DURATION.matcher(v).matches()) {
            Duration d = Duration.ZERO;
            Matcher m = DURATION_PART.matcher(v);
            while (m.find()) {
                double n = Double.parseDouble(m.group(1));
                long unit = switch (m.group(2)) {
                    case "ns" -> 1L;
                    case "us", "µs" -> 1_000L;
                    case "ms" -> 1_000_000L;
                    case "s" -> 1_000_000_000L;
                    case "m" -> 60_000_000_000L;
                    default -> 3_600_000_000_000L;
                };
                d = d.plusNanos((long) (n * unit));
            }
            return now.minus(d);
        }
        if (UNIX.matcher(v).matches()) {
            double secs = Double.parseDouble(v);
            return Instant.ofEpochSecond((long) Math.floor(secs), (long) ((secs - Math.floor(secs)) * 1e9));
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw EngineException.invalid("failed to parse value as time or duration: \"" + value + "\"");
        }
    }
}
