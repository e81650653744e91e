package dev.jdock.cli.core;

import dev.jdock.api.types.container.Ulimit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Flag values the docker CLI parses the same way in several commands (run, update, build): sizes and ulimits. */
public final class FlagValues {
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
            if (eq <= 0) {
                throw Args.invalidArgument(spec, "ulimit", v, "invalid ulimit argument: " + v);
            }
            String[] lim = v.substring(eq + 1).split(":", 2);
            long hard = lim.length > 1 ? ulimitValue(spec, v, lim[1]) : 0; // docker parses the hard limit first
            long soft = ulimitValue(spec, v, lim[0]);
            hard = lim.length > 1 ? hard : soft;
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
}
