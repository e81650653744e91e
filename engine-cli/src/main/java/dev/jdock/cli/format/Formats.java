package dev.jdock.cli.format;

import dev.jdock.api.types.common.HumanUnits;
import dev.jdock.api.value.GoQuote;
import dev.jdock.cli.reply.PortView;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The docker CLI's cell formatting rules for ps/images. */
public final class Formats {
    private Formats() {
    }

    /** First 12 hex digits of an ID, without a {@code sha256:} prefix. */
    public static String shortId(String id) {
        String s = id.startsWith("sha256:") ? id.substring(7) : id;
        return s.length() > 12 ? s.substring(0, 12) : s;
    }

    /** Truncates to {@code max} characters with a trailing {@code …}, as docker's {@code Ellipsis}. */
    public static String ellipsis(String s, int max) {
        int n = s.codePointCount(0, s.length());
        if (n <= max) {
            return s;
        }
        return s.substring(0, s.offsetByCodePoints(0, max - 1)) + "…";
    }

    /** Go's {@code strconv.Quote}: the COMMAND cell, a template's {@code printf "%q"}. */
    public static String quote(String s) {
        return GoQuote.quote(s);
    }

    /** "3 seconds ago" from a unix-seconds timestamp. */
    public static String ago(long createdUnix, long nowMillis) {
        return HumanUnits.duration(Duration.ofMillis(Math.max(0, nowMillis - createdUnix * 1000))) + " ago";
    }

    /** The NAMES cell: leading {@code /} stripped; with truncation, link names ({@code /a/b}) are dropped. */
    public static String names(List<String> names, boolean trunc) {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            String s = n.startsWith("/") ? n.substring(1) : n;
            if (trunc && s.contains("/")) {
                continue;
            }
            out.add(s);
        }
        return String.join(",", out);
    }

    /** The IMAGE cell: a digest reference loses its {@code @sha256:…}; an image ID is shortened. */
    public static String image(String image, boolean trunc) {
        if (!trunc) {
            return image;
        }
        if (image.startsWith("sha256:")) {
            return shortId(image);
        }
        int at = image.indexOf('@');
        return at > 0 ? image.substring(0, at) : image;
    }

    /** fvbommel/sortorder's NaturalLess as a comparator: digit runs by value (fewer leading zeros first). */
    public static int naturalCompare(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char c1 = a.charAt(i);
            char c2 = b.charAt(j);
            boolean d1 = c1 >= '0' && c1 <= '9';
            boolean d2 = c2 >= '0' && c2 <= '9';
            if (d1 != d2) {
                return d1 ? -1 : 1;
            }
            if (!d1) {
                if (c1 != c2) {
                    return c1 < c2 ? -1 : 1;
                }
                i++;
                j++;
                continue;
            }
            while (i < a.length() && a.charAt(i) == '0') {
                i++;
            }
            while (j < b.length() && b.charAt(j) == '0') {
                j++;
            }
            int n1 = i;
            int n2 = j;
            while (i < a.length() && a.charAt(i) >= '0' && a.charAt(i) <= '9') {
                i++;
            }
            while (j < b.length() && b.charAt(j) >= '0' && b.charAt(j) <= '9') {
                j++;
            }
            if (i - n1 != j - n2) {
                return i - n1 < j - n2 ? -1 : 1;
            }
            int c = a.substring(n1, i).compareTo(b.substring(n2, j));
            if (c != 0) {
                return c;
            }
            if (n1 != n2) {
                return n1 < n2 ? -1 : 1;
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /**
     * The PORTS cell: {@code 0.0.0.0:8081->80/tcp, [::]:8081->80/tcp, 443/tcp} (no range grouping), in the docker
     * CLI's order: private port, then host IP (as strings: 0.0.0.0 before ::), public port, protocol.
     */
    public static String ports(List<PortView> ports) {
        List<PortView> sorted = new ArrayList<>(ports);
        sorted.sort(Comparator.comparingLong(PortView::privatePort)
                .thenComparing(p -> p.ip() == null ? "" : p.ip())
                .thenComparingLong(PortView::publicPort)
                .thenComparing(p -> p.type() == null ? "" : p.type()));
        List<String> out = new ArrayList<>();
        for (PortView p : sorted) {
            String proto = p.type();
            long priv = p.privatePort();
            if (p.publicPort() != 0) {
                out.add(joinHostPort(p.ip(), Long.toString(p.publicPort())) + "->" + priv + "/" + proto);
            } else {
                out.add(priv + "/" + proto);
            }
        }
        return String.join(", ", out);
    }

    /** Go's {@code net.JoinHostPort}: an IPv6 host in brackets, {@code [::]:8080}. */
    public static String joinHostPort(String host, String port) {
        return (host != null && host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** Labels as {@code k=v,k2=v2}. */
    public static String labels(Map<String, Object> labels) {
        List<String> out = new ArrayList<>();
        labels.forEach((k, v) -> out.add(k + "=" + v));
        return String.join(",", out);
    }
    /**
     * A row's {@code Label "k"} method: the label's value or "" (docker's contexts take exactly one argument; the
     * table header is the key's last dot-separated part with {@code -} and {@code _} as spaces).
     */
    public static FormatTemplate.Method label(Map<String, Object> labels) {
        return args -> {
            if (args.size() != 1) {
                throw new IllegalArgumentException("wrong number of args for Label: want 1 got " + args.size());
            }
            Object v = labels == null ? null : labels.get(String.valueOf(args.get(0)));
            return v == null ? "" : v;
        };
    }

    /** Go's {@code time.Time.String()} of an RFC 3339 timestamp, in the local zone, nanoseconds without trailing 0s. */
    public static String goTimeNanos(String rfc3339) {
        if (rfc3339 == null || rfc3339.isEmpty()) {
            return "0001-01-01 00:00:00 +0000 UTC";
        }
        java.time.ZonedDateTime t = java.time.OffsetDateTime.parse(rfc3339).atZoneSameInstant(ZoneId.systemDefault());
        String frac = t.getNano() == 0 ? "" : ("." + String.format("%09d", t.getNano())).replaceAll("0+$", "");
        return t.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")) + frac + t.format(GoTime.ZONE);
    }

    /** Go's {@code time.Unix(s, 0).String()} in the local zone: {@code 2024-01-02 03:04:05 +0000 UTC}. */
    public static String goTime(long unixSeconds) {
        return Instant.ofEpochSecond(unixSeconds).atZone(ZoneId.systemDefault()).format(GoTime.FORMAT);
    }

    /** go-units {@code HumanSize} (4 significant digits, Go's {@code %.4g}): {@code 1.982MB}. */
    public static String humanSize4(double bytes) {
        String[] units = {"B", "kB", "MB", "GB", "TB", "PB", "EB", "ZB", "YB"};
        int i = 0;
        double s = bytes;
        while (s >= 1000.0 && i < units.length - 1) {
            s /= 1000.0;
            i++;
        }
        return HumanUnits.formatG(s, 4) + units[i];
    }

    /** The formatter, built on first use: time-zone data costs a fresh JVM ~30 ms that ps and images never pay. */
    private static final class GoTime {
        static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss Z z");
        static final DateTimeFormatter ZONE = DateTimeFormatter.ofPattern(" Z z");
    }
}
