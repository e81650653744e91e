package dev.jdock.daemon.system;

/** What /info needs from the rest of the daemon. */
public interface SystemBackend {
    /** Counts of containers by state: total, running, paused, stopped. */
    int[] containerCounts();

    int imageCount();

    String cgroupDriver();

    String cgroupVersion();

    /** Whether containers get AppArmor profiles on this host (/info's {@code name=apparmor}). */
    boolean appArmor();
}
