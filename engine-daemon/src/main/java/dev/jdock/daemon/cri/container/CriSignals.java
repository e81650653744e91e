package dev.jdock.daemon.cri.container;

import dev.jdock.daemon.container.Signals;
import dev.jdock.daemon.cri.v1.Signal;
import dev.jdock.daemon.errors.EngineException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The CRI's {@link Signal} names and Docker's stop signal strings ({@code SIGRTMINPLUS1} is {@code SIGRTMIN+1}). */
final class CriSignals {
    /** By signal number: the first of the CRI's names for it (SIGABRT before SIGIOT, SIGCHLD before SIGCLD). */
    private static final Map<Integer, Signal> BY_NUMBER = new HashMap<>();

    static {
        for (Signal s : Signal.values()) {
            if (s != Signal.RUNTIME_DEFAULT && s != Signal.UNRECOGNIZED) {
                number(toDocker(s)).ifPresent(n -> BY_NUMBER.putIfAbsent(n, s));
            }
        }
    }

    private CriSignals() {
    }

    /** Docker's form of a CRI signal: {@code SIGTERM}, {@code SIGRTMIN+1}, {@code SIGRTMAX-2}. */
    static String toDocker(Signal s) {
        String name = s.name();
        if (name.startsWith("SIGRTMINPLUS")) {
            return "SIGRTMIN+" + name.substring("SIGRTMINPLUS".length());
        }
        if (name.startsWith("SIGRTMAXMINUS")) {
            return "SIGRTMAX-" + name.substring("SIGRTMAXMINUS".length());
        }
        return name;
    }

    /**
     * The CRI's name of a container's stop signal as recorded (the image's unless the CRI gave one): SIGTERM when
     * none, as containerd reports it; RUNTIME_DEFAULT for one the CRI has no name for.
     */
    static Signal fromDocker(String stopSignal) {
        if (stopSignal == null || stopSignal.isEmpty()) {
            return Signal.SIGTERM;
        }
        return number(stopSignal).map(BY_NUMBER::get).orElse(Signal.RUNTIME_DEFAULT);
    }

    private static Optional<Integer> number(String signal) {
        try {
            return Optional.of(Signals.parse(signal));
        } catch (EngineException e) {
            return Optional.empty();
        }
    }
}
