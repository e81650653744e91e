package dev.jdock.nativeimage;

import io.netty.util.internal.logging.AbstractInternalLogger;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import org.graalvm.nativeimage.ImageInfo;
import org.graalvm.nativeimage.hosted.Feature;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A native-image build feature for images with Netty (scripts/native/build.sh): Netty's jars ask for its classes to be
 * initialized at build time, and their static loggers would then hold SLF4J (logback) loggers made in the builder,
 * which the image heap must not hold. Netty's logger factory becomes one whose loggers find their SLF4J logger on
 * first use at run time, and are silent in the builder.
 */
public final class NettyLogging implements Feature {
    @Override
    public void afterRegistration(AfterRegistrationAccess access) {
        InternalLoggerFactory.setDefaultFactory(new LazyLoggerFactory());
    }
}

/** Top-level, not nested: the image holds these, and must not reach the feature (a builder-only type). */
final class LazyLoggerFactory extends InternalLoggerFactory {
    @Override
    protected InternalLogger newInstance(String name) {
        return new LazyLogger(name);
    }
}

final class LazyLogger extends AbstractInternalLogger {
    private static final long serialVersionUID = 1L;
    private transient volatile Logger real;

    LazyLogger(String name) {
        super(name);
    }

    /** The SLF4J logger at run time; null in the builder (nothing logged there). */
    private Logger real() {
        Logger r = real;
        if (r == null && !ImageInfo.inImageBuildtimeCode()) {
            real = r = LoggerFactory.getLogger(name());
        }
        return r;
    }

    // @formatter:off
    @Override public boolean isTraceEnabled() { Logger r = real(); return r != null && r.isTraceEnabled(); }
    @Override public boolean isDebugEnabled() { Logger r = real(); return r != null && r.isDebugEnabled(); }
    @Override public boolean isInfoEnabled() { Logger r = real(); return r != null && r.isInfoEnabled(); }
    @Override public boolean isWarnEnabled() { Logger r = real(); return r != null && r.isWarnEnabled(); }
    @Override public boolean isErrorEnabled() { Logger r = real(); return r != null && r.isErrorEnabled(); }
    @Override public void trace(String m) { Logger r = real(); if (r != null) r.trace(m); }
    @Override public void trace(String f, Object a) { Logger r = real(); if (r != null) r.trace(f, a); }
    @Override public void trace(String f, Object a, Object b) { Logger r = real(); if (r != null) r.trace(f, a, b); }
    @Override public void trace(String f, Object... a) { Logger r = real(); if (r != null) r.trace(f, a); }
    @Override public void trace(String m, Throwable t) { Logger r = real(); if (r != null) r.trace(m, t); }
    @Override public void debug(String m) { Logger r = real(); if (r != null) r.debug(m); }
    @Override public void debug(String f, Object a) { Logger r = real(); if (r != null) r.debug(f, a); }
    @Override public void debug(String f, Object a, Object b) { Logger r = real(); if (r != null) r.debug(f, a, b); }
    @Override public void debug(String f, Object... a) { Logger r = real(); if (r != null) r.debug(f, a); }
    @Override public void debug(String m, Throwable t) { Logger r = real(); if (r != null) r.debug(m, t); }
    @Override public void info(String m) { Logger r = real(); if (r != null) r.info(m); }
    @Override public void info(String f, Object a) { Logger r = real(); if (r != null) r.info(f, a); }
    @Override public void info(String f, Object a, Object b) { Logger r = real(); if (r != null) r.info(f, a, b); }
    @Override public void info(String f, Object... a) { Logger r = real(); if (r != null) r.info(f, a); }
    @Override public void info(String m, Throwable t) { Logger r = real(); if (r != null) r.info(m, t); }
    @Override public void warn(String m) { Logger r = real(); if (r != null) r.warn(m); }
    @Override public void warn(String f, Object a) { Logger r = real(); if (r != null) r.warn(f, a); }
    @Override public void warn(String f, Object a, Object b) { Logger r = real(); if (r != null) r.warn(f, a, b); }
    @Override public void warn(String f, Object... a) { Logger r = real(); if (r != null) r.warn(f, a); }
    @Override public void warn(String m, Throwable t) { Logger r = real(); if (r != null) r.warn(m, t); }
    @Override public void error(String m) { Logger r = real(); if (r != null) r.error(m); }
    @Override public void error(String f, Object a) { Logger r = real(); if (r != null) r.error(f, a); }
    @Override public void error(String f, Object a, Object b) { Logger r = real(); if (r != null) r.error(f, a, b); }
    @Override public void error(String f, Object... a) { Logger r = real(); if (r != null) r.error(f, a); }
    @Override public void error(String m, Throwable t) { Logger r = real(); if (r != null) r.error(m, t); }
    // @formatter:on
}
