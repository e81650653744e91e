package dev.jdock.cli.core;

import dev.jdock.api.types.container.Ulimit;
import dev.jdock.api.value.GoIp;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Flag values the docker CLI parses the same way in several commands (run, update, build): sizes and ulimits. */
public final class FlagValues {
    /** go-units' ulimitNameMapping. */
    private static final java.util.Set<String> ULIMIT_TYPES = java.util.Set.of("core", "cpu", "data", "fsize",
            "locks", "memlock", "msgqueue", "nice", "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending",
            "stack");

    private FlagValues() {
    }

    /**
     * docker's RAMInBytes (go-units parseSize): a number, an optional space, then b or one of k/m/g/t/p with an
     * optional b/ib, binary multiples; its errors word for word.
     */
    public static long memoryBytes(Args.Spec spec, String flag, String v) {
        int sep = -1;
        for (int k = v.length() - 1; k >= 0 && sep < 0; k--) {
            if ("01234567890. ".indexOf(v.charAt(k)) >= 0) {
                sep = k;
            }
        }
        if (sep < 0) {
            throw Args.invalidArgument(spec, flag, v, "invalid size: '" + v + "'");
        }
        String num = v.charAt(sep) == ' ' ? v.substring(0, sep) : v.substring(0, sep + 1);
        String sfx = v.substring(sep + 1);
        double size;
        try {
            if (num.isEmpty() || !num.equals(num.strip())) { // Java trims, Go's ParseFloat does not
                throw new NumberFormatException();
            }
            size = Double.parseDouble(num);
        } catch (NumberFormatException e) {
            throw Args.invalidArgument(spec, flag, v, "strconv.ParseFloat: parsing \"" + num + "\": invalid syntax");
        }
        if (size < 0) {
            throw Args.invalidArgument(spec, flag, v, "invalid size: '" + v + "'");
        }
        if (sfx.isEmpty()) {
            return (long) size;
        }
        if (sfx.length() > 3) {
            throw Args.invalidArgument(spec, flag, v, "invalid suffix: '" + sfx + "'");
        }
        String lower = sfx.toLowerCase(Locale.ROOT);
        int idx = "kmgtp".indexOf(lower.charAt(0));
        boolean ok = lower.charAt(0) == 'b' ? lower.length() == 1
                : idx >= 0 && (lower.length() == 1 || lower.substring(1).equals(lower.length() == 2 ? "b" : "ib"));
        if (!ok) {
            throw Args.invalidArgument(spec, flag, v, "invalid suffix: '" + lower + "'");
        }
        return idx < 0 || lower.charAt(0) == 'b' ? (long) size : (long) (size * (1L << (10 * (idx + 1))));
    }

    /** {@code nofile=1024:2048} or {@code nproc=512}. */
    public static List<Ulimit> ulimits(Args.Spec spec, List<String> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Ulimit> out = new ArrayList<>();
        for (String v : values) {
            int eq = v.indexOf('=');
            if (eq < 0) {
                throw Args.invalidArgument(spec, "ulimit", v, "invalid ulimit argument: " + v);
            }
            if (!ULIMIT_TYPES.contains(v.substring(0, eq))) { // go-units ParseUlimit: the type first
                throw Args.invalidArgument(spec, "ulimit", v, "invalid ulimit type: " + v.substring(0, eq));
            }
            String[] lim = v.substring(eq + 1).split(":", -1);
            if (lim.length > 2) {
                throw Args.invalidArgument(spec, "ulimit", v, "too many limit value arguments - "
                        + v.substring(eq + 1) + ", can only have up to two, `soft[:hard]`");
            }
            long hard = lim.length > 1 ? ulimitValue(spec, v, lim[1]) : 0; // docker parses the hard limit first
            long soft = ulimitValue(spec, v, lim[0]);
            hard = lim.length > 1 ? hard : soft;
            if (hard != -1 && soft == -1) {
                throw Args.invalidArgument(spec, "ulimit", v, "ulimit soft limit must be less than or equal to hard "
                        + "limit: soft: -1 (unlimited), hard: " + hard);
            }
            if (hard != -1 && soft > hard) {
                throw Args.invalidArgument(spec, "ulimit", v, "ulimit soft limit must be less than or equal to hard "
                        + "limit: " + soft + " > " + hard);
            }
            out.add(new Ulimit(v.substring(0, eq), soft, hard));
        }
        return out;
    }

    private static long ulimitValue(Args.Spec spec, String v, String n) {
        try {
            return Long.parseLong(n);
        } catch (NumberFormatException e) {
            throw Args.invalidArgument(spec, "ulimit", v, Args.parseIntError(n));
        }
    }

    /**
     * docker's ValidateIPAddress (--dns): Go's net.ParseIP of the value with its surrounding white space trimmed,
     * sent as Go's {@code ip.String()} (IPv6 in RFC 5952 form, an IPv4-mapped address as dotted IPv4).
     */
    public static String ipAddress(Args.Spec spec, String flag, String v) {
        String ip = goIpString(v.strip());
        if (ip == null) {
            throw Args.invalidArgument(spec, flag, v, "IP address is not correctly formatted: " + v);
        }
        return ip;
    }

    /**
     * docker's ValidateExtraHost (--add-host): {@code host=ip} or {@code host:ip} (split at the first '=', else the
     * first ':'), the address optionally in brackets, {@code host-gateway} as is; sent as {@code host:ip} with the
     * address as typed (brackets taken off), its errors word for word.
     */
    public static String extraHost(Args.Spec spec, String v) {
        int sep = v.indexOf('=');
        if (sep < 0) {
            sep = v.indexOf(':');
        }
        String k = sep < 0 ? "" : v.substring(0, sep);
        if (sep < 0 || k.isEmpty() || k.contains(":")) {
            throw Args.invalidArgument(spec, "add-host", v, "bad format for add-host: \"" + v + "\"");
        }
        String ip = v.substring(sep + 1);
        if (!ip.equals("host-gateway")) {
            if (ip.length() > 2 && ip.charAt(0) == '[' && ip.charAt(ip.length() - 1) == ']') {
                ip = ip.substring(1, ip.length() - 1);
            }
            if (goIpString(ip.strip()) == null) {
                throw Args.invalidArgument(spec, "add-host", v, "invalid IP address in add-host: \"" + ip + "\"");
            }
        }
        return k + ":" + ip;
    }

    /** Go's {@code net.ParseIP(s).String()}, or null where ParseIP fails (no host names, no zones, no leading 0s). */
    public static String goIpString(String s) {
        return GoIp.string(s);
    }
}
