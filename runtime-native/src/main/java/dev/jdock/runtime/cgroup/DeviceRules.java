package dev.jdock.runtime.cgroup;

import java.util.ArrayList;
import java.util.List;

/**
 * Device cgroup rules in the v1 {@code devices.allow} syntax ({@code TYPE MAJOR:MINOR ACCESS}, {@code *} for any
 * number): Docker's default allow list (moby's default spec plus runc's always-allowed devices) and the rule for
 * one device node.
 */
public final class DeviceRules {
    /** mknod of any char/block device, null, zero, full, random, urandom, tty, console, pts, ptmx, tun. */
    public static final List<String> DEFAULT_ALLOW = List.of(
            "c *:* m", "b *:* m",
            "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm", "c 1:8 rwm", "c 1:9 rwm",
            "c 5:0 rwm", "c 5:1 rwm", "c 136:* rwm", "c 5:2 rwm", "c 10:200 rwm");

    private DeviceRules() {
    }

    /** {@code c 10:229 rwm}; {@code access} is a subset of {@code rwm}. */
    public static String rule(char type, long major, long minor, String access) {
        if (type != 'c' && type != 'b' && type != 'a') {
            throw new IllegalArgumentException("device type must be c, b or a: " + type);
        }
        if (access.isEmpty() || !access.chars().allMatch(c -> c == 'r' || c == 'w' || c == 'm')) {
            throw new IllegalArgumentException("invalid device access: " + access);
        }
        return type + " " + major + ":" + minor + " " + access;
    }

    /** The default list plus {@code extra}. */
    public static List<String> withDefaults(List<String> extra) {
        List<String> out = new ArrayList<>(DEFAULT_ALLOW);
        out.addAll(extra);
        return out;
    }
}
