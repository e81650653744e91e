package dev.jdock.daemon.config;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code --log-format json}: one JSON object per line, {@code time} (RFC 3339, UTC), {@code level} (logrus' names, as
 * dockerd's JSON log: debug, info, warning, error), {@code logger}, {@code thread}, {@code msg}, then the MDC's
 * entries (the API request's {@code request_id}) and {@code error} (the stack trace) when there is one. Written by
 * hand: a message is escaped as JSON requires (quotes, backslashes, control characters), so a client's text in a
 * message can never break a line apart or forge a field.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {
    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(256);
        b.append('{');
        field(b, "time", e.getInstant().toString()).append(',');
        field(b, "level", level(e.getLevel())).append(',');
        field(b, "logger", e.getLoggerName()).append(',');
        field(b, "thread", e.getThreadName()).append(',');
        field(b, "msg", e.getFormattedMessage());
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            for (Map.Entry<String, String> m : new TreeMap<>(mdc).entrySet()) {
                field(b.append(','), m.getKey(), m.getValue());
            }
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            field(b.append(','), "error", ThrowableProxyUtil.asString(t));
        }
        return b.append('}').append(CoreConstants.LINE_SEPARATOR).toString();
    }

    static String level(Level l) {
        return switch (l.toInt()) {
            case Level.ERROR_INT -> "error";
            case Level.WARN_INT -> "warning";
            case Level.INFO_INT -> "info";
            case Level.DEBUG_INT -> "debug";
            default -> "trace";
        };
    }

    private static StringBuilder field(StringBuilder b, String name, String value) {
        quote(b, name).append(':');
        return value == null ? b.append("null") : quote(b, value);
    }

    static StringBuilder quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x7f || Character.isSurrogate(c) && !validSurrogate(s, i)) {
                        b.append(String.format("\\u%04x", (int) (Character.isSurrogate(c) ? 0xfffd : c)));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }

    /** A surrogate that is half of a pair (a lone one cannot be written as UTF-8: it becomes U+FFFD). */
    private static boolean validSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
        }
        return i > 0 && Character.isHighSurrogate(s.charAt(i - 1));
    }
}
