package dev.jdock.daemon.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.LoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** jdockd's own log lines in both formats: {@code --log-format json} (one object per line) and text. */
class LogFormatTest {
    private final LoggerContext ctx = new LoggerContext();
    private final Logger logger = ctx.getLogger("dev.jdock.daemon.server.HandlerRun");

    private LoggingEvent event(Level level, String msg, Throwable t, Map<String, String> mdc, Object... args) {
        LoggingEvent e = new LoggingEvent(Logger.class.getName(), logger, level, msg, t, args);
        e.setInstant(Instant.parse("2026-12-05T06:00:00.123Z"));
        e.setThreadName("api GET /containers/x/json");
        e.setMDCPropertyMap(mdc);
        return e;
    }

    private static String encode(Encoder<ILoggingEvent> enc, ILoggingEvent e) {
        return new String(enc.encode(e), StandardCharsets.UTF_8);
    }

    @Test
    void json_isOneObjectPerLine_withTheRequestId() throws Exception {
        Encoder<ILoggingEvent> enc = LogSetup.encoder(ctx, "json");
        String line = encode(enc, event(Level.WARN, "container {} said \"{}\"", null,
                Map.of("request_id", "0123456789ab"), "web", "a\nb\u0001"));
        assertTrue(line.endsWith("\n"), line);
        assertEquals(1, line.split("\n", -1).length - 1, "exactly one line: " + line);
        JsonNode j = new ObjectMapper().readTree(line);
        assertEquals("2026-12-05T06:00:00.123Z", j.get("time").asText());
        assertEquals("warning", j.get("level").asText());
        assertEquals("dev.jdock.daemon.server.HandlerRun", j.get("logger").asText());
        assertEquals("api GET /containers/x/json", j.get("thread").asText());
        assertEquals("container web said \"a\nb\u0001\"", j.get("msg").asText());
        assertEquals("0123456789ab", j.get("request_id").asText());
        assertEquals(List.of("time", "level", "logger", "thread", "msg", "request_id"), fields(j));
    }

    @Test
    void json_withoutRequest_hasNoRequestId_andAStackTraceAsError() throws Exception {
        Encoder<ILoggingEvent> enc = LogSetup.encoder(ctx, "json");
        JsonNode j = new ObjectMapper().readTree(encode(enc, event(Level.ERROR, "boom", new IllegalStateException(
                "broken invariant"), Map.of())));
        assertEquals("error", j.get("level").asText());
        assertFalse(j.has("request_id"));
        assertTrue(j.get("error").asText().startsWith("java.lang.IllegalStateException: broken invariant"),
                j.get("error").asText());
        assertEquals("info", JsonLogLayout.level(Level.INFO));
        assertEquals("debug", JsonLogLayout.level(Level.DEBUG));
    }

    @Test
    void json_loneSurrogate_staysValidJson() throws Exception {
        String line = encode(LogSetup.encoder(ctx, "json"), event(Level.INFO, "x\ud800y", null, Map.of()));
        assertEquals("x\ufffdy", new ObjectMapper().readTree(line).get("msg").asText());
    }

    @Test
    void text_isAsBefore_plusTheRequestIdWhenThereIsOne() {
        Encoder<ILoggingEvent> enc = LogSetup.encoder(ctx, "text");
        String with = encode(enc, event(Level.INFO, "hello", null, Map.of("request_id", "0123456789ab")));
        String without = encode(enc, event(Level.INFO, "hello", null, Map.of()));
        assertTrue(with.matches("\\d{4}-\\d\\d-\\d\\dT[0-9:.]+(Z|[+-]\\d\\d:\\d\\d) INFO  "
                + "\\[api GET /containers/x/json] "
                + "d\\.j\\.d\\.s\\.HandlerRun - hello request_id=0123456789ab\\R"), with);
        assertTrue(without.matches(".* INFO  \\[api GET /containers/x/json] d\\.j\\.d\\.s\\.HandlerRun - hello\\R"),
                without);
    }

    @Test
    void text_withAStackTrace_endsWithIt_lineByLine() {
        String out = encode(LogSetup.encoder(ctx, "text"), event(Level.ERROR, "boom",
                new IllegalStateException("broken invariant", new java.io.IOException("disk")), Map.of()));
        String[] lines = out.split("\\R", -1);
        assertTrue(lines[0].matches(".* ERROR \\[api GET /containers/x/json] d\\.j\\.d\\.s\\.HandlerRun - boom"), out);
        assertEquals("java.lang.IllegalStateException: broken invariant", lines[1], out);
        assertTrue(lines[2].startsWith("\tat dev.jdock.daemon.config.LogFormatTest."), out);
        assertTrue(out.contains("Caused by: java.io.IOException: disk"), out);
        assertEquals("", lines[lines.length - 1], "ends with one line break: " + out);
        assertTrue(lines[lines.length - 2].startsWith("\t"), "no blank line after the trace: " + out);
    }

    @Test
    void text_listsEveryMdcEntry() {
        Map<String, String> mdc = new java.util.LinkedHashMap<>();
        mdc.put("request_id", "0123456789ab");
        mdc.put("container", "web");
        String line = encode(LogSetup.encoder(ctx, "text"), event(Level.DEBUG, "x", null, mdc));
        assertTrue(line.matches(".* DEBUG \\[.*] .* - x request_id=0123456789ab, container=web\\R"), line);
    }

    private static List<String> fields(JsonNode j) {
        List<String> out = new java.util.ArrayList<>();
        j.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
