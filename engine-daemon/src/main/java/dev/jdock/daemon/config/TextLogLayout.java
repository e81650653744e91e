package dev.jdock.daemon.config;

import ch.qos.logback.classic.pattern.TargetLengthBasedClassNameAbbreviator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.CoreConstants;
import ch.qos.logback.core.LayoutBase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Iterator;
import java.util.Map;

/**
 * The text format, written by hand: what the pattern {@code %d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread]
 * %logger{20} - %msg%replace( %X){'^ $', ''}%n} printed (the MDC's {@code key=value} entries after the message when
 * there are any, then the stack trace), without logback's PatternLayout: its converter table alone loads about 150
 * classes and lambdas into jdockd's metaspace (docs/performance.md, "Daemon memory").
 */
public final class TextLogLayout extends LayoutBase<ILoggingEvent> {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX").withZone(ZoneId.systemDefault());
    private final TargetLengthBasedClassNameAbbreviator logger = new TargetLengthBasedClassNameAbbreviator(20);

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder b = new StringBuilder(128);
        TIME.formatTo(e.getInstant(), b);
        String level = e.getLevel().toString();
        b.append(' ').append(level);
        for (int i = level.length(); i < 5; i++) {
            b.append(' ');
        }
        b.append(" [").append(e.getThreadName()).append("] ").append(logger.abbreviate(e.getLoggerName()))
                .append(" - ").append(e.getFormattedMessage());
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null && !mdc.isEmpty()) {
            b.append(' ');
            for (Iterator<Map.Entry<String, String>> it = mdc.entrySet().iterator(); it.hasNext();) {
                Map.Entry<String, String> m = it.next();
                b.append(m.getKey()).append('=').append(m.getValue()).append(it.hasNext() ? ", " : "");
            }
        }
        b.append(CoreConstants.LINE_SEPARATOR);
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            b.append(ThrowableProxyUtil.asString(t)); // each of its lines ends with a line separator
        }
        return b.toString();
    }
}
