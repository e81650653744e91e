package dev.jdock.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.daemon.errors.EngineException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LogOptionsTest {
    @Test
    void maxSizeUsesDockersDecimalUnits() {
        assertEquals(1000, LogOptions.parseSize("1k"));
        assertEquals(10_000_000, LogOptions.parseSize("10m"));
        assertEquals(1_500_000_000L, LogOptions.parseSize("1.5g"));
        assertEquals(2_000_000, LogOptions.parseSize("2MB"));
        assertEquals(3000, LogOptions.parseSize("3KiB"));
        assertEquals(100, LogOptions.parseSize("100"));
        assertEquals(7000, LogOptions.parseSize("7 k"));
        assertThrows(EngineException.class, () -> LogOptions.parseSize("-1"));
        assertThrows(EngineException.class, () -> LogOptions.parseSize("10x"));
        assertThrows(EngineException.class, () -> LogOptions.parseSize("m"));
    }

    @Test
    void rotationReadsMergedOptions() {
        assertEquals(new LogOptions.Rotation(1000, 4, true),
                LogOptions.rotation(Map.of("max-size", "1k", "max-file", "4", "compress", "true")));
        assertEquals(new LogOptions.Rotation(-1, 1, false), LogOptions.rotation(Map.of()));
        assertEquals(new LogOptions.Rotation(2000, 3, true), LogOptions.rotation(
                LogOptions.merge(Map.of("compress", "1"), Map.of("max-size", "2k", "max-file", "3", "compress", "0"))));
    }

    @Test
    void compressNeedsMaxSizeAndTwoFilesAsInDocker() {
        String want = "compress cannot be true when max-file is less than 2 or max-size is not set";
        assertEquals(want, assertThrows(EngineException.class,
                () -> LogOptions.rotation(Map.of("compress", "true", "max-file", "3"))).getMessage());
        assertEquals(want, assertThrows(EngineException.class,
                () -> LogOptions.rotation(Map.of("compress", "true", "max-size", "1m"))).getMessage());
        // per container, at create, only the syntax: the daemon's defaults may supply the rest
        LogOptions.validate("json-file", Map.of("compress", "true"));
        assertThrows(EngineException.class, () -> LogOptions.validate("json-file", Map.of("compress", "yes")));
        assertThrows(EngineException.class,
                () -> LogOptions.validateDaemonDefaults("json-file", Map.of("compress", "true")));
        LogOptions.validateDaemonDefaults("json-file", Map.of("compress", "true", "max-size", "1m", "max-file", "2"));
    }

    /** moby's ValidateLogOpts: mode and max-buffer-size belong to the logger, for every driver but none. */
    @Test
    void modeAndMaxBufferSize_asMobyChecksThem() {
        LogOptions.validate("json-file", Map.of("mode", "non-blocking", "max-buffer-size", "1m"));
        LogOptions.validate("local", Map.of("mode", "blocking"));
        assertEquals("logger: logging mode not supported: x", assertThrows(EngineException.class,
                () -> LogOptions.validate("json-file", Map.of("mode", "x"))).getMessage());
        assertEquals("logger: max-buffer-size option is only supported with 'mode=non-blocking'",
                assertThrows(EngineException.class,
                        () -> LogOptions.validate("json-file", Map.of("max-buffer-size", "1m"))).getMessage());
        assertThrows(EngineException.class,
                () -> LogOptions.validate("json-file", Map.of("mode", "non-blocking", "max-buffer-size", "x")));
        assertThrows(EngineException.class, () -> LogOptions.validate("none", Map.of("mode", "blocking")));
    }

    /** moby's local driver: 20 MiB × 5, compressed; binary units; a single file is never compressed. */
    @Test
    void localDefaults_andBinaryUnits() {
        assertEquals(new LogOptions.Rotation(20L << 20, 5, true), LogOptions.localRotation(Map.of()));
        assertEquals(new LogOptions.Rotation(10L << 20, 3, false),
                LogOptions.localRotation(Map.of("max-size", "10m", "max-file", "3", "compress", "false")));
        assertEquals(new LogOptions.Rotation(1024, 1, false),
                LogOptions.localRotation(Map.of("max-size", "1k", "max-file", "1")));
    }

    @Test
    void checksNamesAndValues() {
        assertThrows(EngineException.class, () -> LogOptions.validate("json-file", Map.of("max-file", "0")));
        assertThrows(EngineException.class, () -> LogOptions.validate("json-file", Map.of("max-size", "0")));
        assertThrows(EngineException.class, () -> LogOptions.validate("json-file", Map.of("foo", "x")));
        assertThrows(EngineException.class, () -> LogOptions.validateDaemonDefaults("json-file",
                Map.of("max-file", "x")));
        assertThrows(EngineException.class, () -> LogOptions.validate("none", Map.of("max-file", "2")));
        LogOptions.validate("local", Map.of("max-size", "1m", "max-file", "2", "compress", "false"));
        assertTrue(assertThrows(EngineException.class, () -> LogOptions.validate("local", Map.of("labels", "a")))
                .getMessage().contains("unknown log opt 'labels' for log driver local"));
        LogOptions.validate("json-file", Map.of("labels", "a", "labels-regex", "^b", "env", "c", "env-regex", "d",
                "tag", "{{.Name}}"));
        assertTrue(assertThrows(EngineException.class, () -> LogOptions.validate("syslogx", Map.of()))
                .getMessage().contains("error looking up logging plugin syslogx: plugin \"syslogx\" not found"));
    }
}
