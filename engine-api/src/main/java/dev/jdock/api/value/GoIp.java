package dev.jdock.api.value;

import java.util.ArrayList;
import java.util.List;

/**
 * IP addresses as Go prints them: {@code net.ParseIP(s).String()} (IPv6 in RFC 5952's short form, an IPv4-mapped
 * address as dotted IPv4), which the docker CLI sends and dockerd shows. One parser for the CLI's flags and the
 * daemon's published ports.
 */
public final class GoIp {
    private GoIp() {
    }

    /** Go's {@code net.ParseIP(s).String()}, or null where ParseIP fails (no host names, no zones, no leading 0s). */
    public static String string(String s) {
        int[] v4 = s.indexOf(':') < 0 ? ipv4(s) : null;
        if (v4 != null) {
            return v4[0] + "." + v4[1] + "." + v4[2] + "." + v4[3];
        }
        int[] g = s.indexOf(':') >= 0 ? ipv6(s) : null;
        if (g == null) {
            return null;
        }
        if (g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff) {
            return (g[6] >> 8) + "." + (g[6] & 0xff) + "." + (g[7] >> 8) + "." + (g[7] & 0xff);
        }
        int best = -1;
        int bestLen = 1;
        for (int k = 0; k < 8; k++) {
            int e = k;
            while (e < 8 && g[e] == 0) {
                e++;
            }
            if (e - k > bestLen) {
                best = k;
                bestLen = e - k;
            }
            k = Math.max(k, e);
        }
        StringBuilder b = new StringBuilder();
        for (int k = 0; k < 8; k++) {
            if (k == best) {
                b.append("::");
                k += bestLen - 1;
                continue;
            }
            if (b.length() > 0 && b.charAt(b.length() - 1) != ':') {
                b.append(':');
            }
            b.append(Integer.toHexString(g[k]));
        }
        return b.toString();
    }

    private static int[] ipv4(String s) {
        String[] p = s.split("\\.", -1);
        if (p.length != 4) {
            return null;
        }
        int[] out = new int[4];
        for (int k = 0; k < 4; k++) {
            String d = p[k];
            if (d.isEmpty() || d.length() > 3 || (d.length() > 1 && d.charAt(0) == '0')) {
                return null;
            }
            for (char c : d.toCharArray()) {
                if (c < '0' || c > '9') {
                    return null;
                }
            }
            out[k] = Integer.parseInt(d);
            if (out[k] > 255) {
                return null;
            }
        }
        return out;
    }

    private static int[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = gap < 0 ? groups(s) : groups(s.substring(0, gap));
        List<Integer> tail = gap < 0 ? List.of() : groups(s.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int n = head.size() + tail.size();
        if (gap < 0 ? n != 8 : n > 7) {
            return null;
        }
        int[] g = new int[8];
        for (int k = 0; k < head.size(); k++) {
            g[k] = head.get(k);
        }
        for (int k = 0; k < tail.size(); k++) {
            g[8 - tail.size() + k] = tail.get(k);
        }
        return g;
    }

    /** colon-separated hex groups, the last one possibly dotted IPv4 (two groups); "" is none; null if bad */
    private static List<Integer> groups(String s) {
        List<Integer> out = new ArrayList<>();
        if (s.isEmpty()) {
            return out;
        }
        String[] p = s.split(":", -1);
        for (int k = 0; k < p.length; k++) {
            String h = p[k];
            if (k == p.length - 1 && h.indexOf('.') >= 0) {
                int[] v4 = ipv4(h);
                if (v4 == null) {
                    return null;
                }
                out.add(v4[0] << 8 | v4[1]);
                out.add(v4[2] << 8 | v4[3]);
                continue;
            }
            if (h.isEmpty() || h.length() > 4) {
                return null;
            }
            int x = 0;
            for (char c : h.toCharArray()) {
                int d = "0123456789abcdef".indexOf(Character.toLowerCase(c));
                if (d < 0) {
                    return null;
                }
                x = x << 4 | d;
            }
            out.add(x);
        }
        return out;
    }
}
