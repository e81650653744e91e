package dev.jdock.daemon.metrics;

import java.nio.charset.StandardCharsets;

/**
 * Writes Prometheus' text exposition format 0.0.4: per family {@code # HELP} and {@code # TYPE}, then one line per
 * sample, {@code name{label="value",...} value}. Label values are escaped as the format asks (backslash, double
 * quote, newline); the names are the caller's constants.
 */
final class Exposition {
    /** The Content-Type of this format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final StringBuilder out = new StringBuilder(16 * 1024);

    /** Starts a family: its help text and type (counter, gauge, histogram). */
    Exposition family(String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ');
        for (int i = 0; i < help.length(); i++) {
            char c = help.charAt(i);
            if (c == '\\') {
                out.append("\\\\");
            } else if (c == '\n') {
                out.append("\\n");
            } else {
                out.append(c);
            }
        }
        out.append('\n').append("# TYPE ").append(name).append(' ').append(type).append('\n');
        return this;
    }

    /** One sample; {@code labels} as {@link #labels} made them ("" for none). */
    Exposition sample(String name, String labels, long value) {
        head(name, labels).append(value).append('\n');
        return this;
    }

    Exposition sample(String name, String labels, double value) {
        head(name, labels).append(number(value)).append('\n');
        return this;
    }

    /** A histogram's samples: {@code _bucket} per bound and {@code +Inf}, {@code _sum}, {@code _count}. */
    Exposition histogram(String name, String labels, Histogram h) {
        Histogram.Snapshot s = h.snapshot();
        String[] bounds = h.bounds();
        String sep = labels.isEmpty() ? "" : labels + ",";
        for (int i = 0; i <= bounds.length; i++) {
            String le = i < bounds.length ? bounds[i] : "+Inf";
            sample(name + "_bucket", sep + "le=\"" + le + "\"", s.cumulative()[i]);
        }
        sample(name + "_sum", labels, s.sumSeconds());
        sample(name + "_count", labels, s.count());
        return this;
    }

    private StringBuilder head(String name, String labels) {
        out.append(name);
        if (!labels.isEmpty()) {
            out.append('{').append(labels).append('}');
        }
        return out.append(' ');
    }

    /** {@code k1="v1",k2="v2"} from name/value pairs, values escaped. */
    static String labels(String... nameValues) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i + 1 < nameValues.length; i += 2) {
            if (i > 0) {
                b.append(',');
            }
            b.append(nameValues[i]).append("=\"");
            String v = nameValues[i + 1];
            for (int j = 0; j < v.length(); j++) {
                char c = v.charAt(j);
                switch (c) {
                    case '\\' -> b.append("\\\\");
                    case '"' -> b.append("\\\"");
                    case '\n' -> b.append("\\n");
                    default -> b.append(c);
                }
            }
            b.append('"');
        }
        return b.toString();
    }

    /** Plain decimal, no exponent and no trailing zero ({@code 3}, {@code 0.25}, {@code 0.0005}), as Go prints. */
    static String number(double v) {
        if (Double.isNaN(v)) {
            return "NaN";
        }
        if (Double.isInfinite(v)) {
            return v > 0 ? "+Inf" : "-Inf";
        }
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    byte[] bytes() {
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
