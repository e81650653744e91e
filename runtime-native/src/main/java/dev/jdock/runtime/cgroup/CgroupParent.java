package dev.jdock.runtime.cgroup;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The cgroup a container's cgroup is made in ({@code HostConfig.CgroupParent}), as dockerd's cgroupfs driver with
 * runc places it: the container's cgroup is {@code <parent>/<id>} in every hierarchy. An absolute parent
 * ({@code /mygroup}) starts at each hierarchy's root; a relative one ({@code mygroup}, {@code a/b}) at the daemon's
 * own cgroup in that hierarchy (on a pure v2 host the parent of the daemon's own cgroup, which holds processes: runc's
 * {@code _defaultDirPath}). A {@code *.slice} name is a plain directory name here, as with dockerd's cgroupfs driver.
 * Without a parent the container's cgroup is {@code /jdock/<id>} ({@link #DEFAULT}).
 *
 * <p>The parent comes from an API request and the daemon is root: {@link #parse} refuses a {@code ..} component, NUL
 * and other control characters (they would forge lines of {@code /proc/<pid>/cgroup}), names over 255 bytes and
 * parents over {@link #MAX_LENGTH} bytes; {@code .} and empty components are dropped as runc's {@code CleanPath}
 * drops them. The names are made one by one below the hierarchy's root without following a symlink
 * ({@link CgroupFs#mkdirs}).
 *
 * @param absolute whether {@code names} start at the hierarchy's root (else at the daemon's own cgroup)
 * @param names the parent's components, none empty, {@code .} or {@code ..}
 * @param base for a relative parent, the daemon's own cgroups it was placed from (recorded when a container starts,
 *             so that a daemon restarted in other cgroups finds them); null: the managing daemon's own
 */
public record CgroupParent(boolean absolute, List<String> names, OwnCgroups base) {
    /** {@code /jdock}: where containers without a parent go. */
    public static final CgroupParent DEFAULT = new CgroupParent(true, List.of(CgroupManager.PARENT));
    /** The longest parent accepted, in bytes. */
    public static final int MAX_LENGTH = 1024;
    private static final int NAME_MAX = 255;
    private static final java.util.regex.Pattern CONTAINER_ID = java.util.regex.Pattern.compile("[0-9a-f]{64}");
    /** A container's scope with the systemd driver ({@code SystemdCgroupManager}). */
    private static final java.util.regex.Pattern SCOPE =
            java.util.regex.Pattern.compile(CgroupManager.SCOPE_PREFIX + "-([0-9a-f]{64})\\.scope");

    public CgroupParent {
        names = List.copyOf(names);
        base = absolute ? null : base;
    }

    public CgroupParent(boolean absolute, List<String> names) {
        this(absolute, names, null);
    }

    /** This parent placed from {@code own} (a relative one; an absolute one does not depend on it). */
    public CgroupParent withBase(OwnCgroups own) {
        return new CgroupParent(absolute, names, own);
    }

    /**
     * The parent a request names: {@link #DEFAULT} for null or empty.
     *
     * @throws IllegalArgumentException with the reason, for a parent that is refused
     */
    public static CgroupParent parse(String given) {
        if (given == null || given.isEmpty()) {
            return DEFAULT;
        }
        if (given.getBytes(StandardCharsets.UTF_8).length > MAX_LENGTH) {
            throw refused(given, "longer than " + MAX_LENGTH + " bytes");
        }
        for (int i = 0; i < given.length(); i++) {
            char ch = given.charAt(i);
            if (ch < 0x20 || ch == 0x7f) {
                throw refused(given, "it holds a control character");
            }
        }
        List<String> names = new ArrayList<>();
        for (String name : given.split("/")) {
            if (name.isEmpty() || name.equals(".")) {
                continue;
            }
            if (name.equals("..")) {
                throw refused(given, "'..' is not allowed");
            }
            if (name.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                throw refused(given, "a name is longer than " + NAME_MAX + " bytes");
            }
            names.add(name);
        }
        return new CgroupParent(given.startsWith("/"), names);
    }

    private static IllegalArgumentException refused(String given, String why) {
        String shown = given.length() <= 100 ? given : given.substring(0, 100) + "...";
        shown = shown.replaceAll("\\p{Cntrl}", "?");
        return new IllegalArgumentException("invalid cgroup parent \"" + shown + "\": " + why);
    }

    public boolean isDefault() {
        return absolute && names.equals(DEFAULT.names);
    }

    /**
     * The names from the hierarchy's root to the parent, for a daemon whose own cgroup there is {@code own} (a
     * path as in {@code /proc/self/cgroup}, e.g. {@code /system.slice/jdockd.service}; unused when absolute).
     */
    public List<String> from(String own) {
        if (absolute) {
            return names;
        }
        List<String> out = new ArrayList<>();
        for (String n : own.split("/")) {
            if (!n.isEmpty()) {
                out.add(n);
            }
        }
        out.addAll(names);
        return out;
    }

    /**
     * Whether a cgroup path (a line's path in {@code /proc/<pid>/cgroup}, read in the daemon's cgroup namespace) is
     * container {@code id}'s cgroup under this parent, or one below it: the first place the parent's names are
     * followed by the id or by another container's ID (64 hex digits), or where a scope of the systemd driver
     * ({@code jdock-<ID>.scope}, in whatever slice) is, decides. The names may come after a prefix: a relative
     * parent's daemon cgroup, or where the daemon's cgroup mounts are a subtree its {@code /proc} shows from above (a
     * v1 container without its own cgroup namespace). A container that may make cgroups of its own (privileged, or
     * systemd inside) can make {@code <its cgroup>/<parent>/<another id>} or {@code <its scope>/jdock-<another id>.scope}:
     * its processes are never taken for the other container's.
     */
    public boolean holds(String cgroupPath, String id) {
        List<String> parts = new ArrayList<>();
        for (String p : cgroupPath.split("/")) {
            if (!p.isEmpty()) {
                parts.add(p);
            }
        }
        for (int at = 0; at < parts.size(); at++) {
            java.util.regex.Matcher scope = SCOPE.matcher(parts.get(at));
            if (scope.matches()) {
                return scope.group(1).equals(id);
            }
            if (at + names.size() < parts.size() && parts.subList(at, at + names.size()).equals(names)) {
                String next = parts.get(at + names.size());
                if (next.equals(id)) {
                    return true;
                }
                if (CONTAINER_ID.matcher(next).matches()) {
                    return false;
                }
            }
        }
        return false;
    }

    /** As given to dockerd, cleaned: {@code /a/b} or {@code a/b}. */
    @Override
    public String toString() {
        return (absolute ? "/" : "") + String.join("/", names);
    }
}
