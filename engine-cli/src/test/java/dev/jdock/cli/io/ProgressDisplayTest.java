package dev.jdock.cli.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.api.MiniJson;
import dev.jdock.api.types.Golden;
import dev.jdock.cli.reply.JsonMessageView;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Message streams shown byte for byte as the docker CLI 28.2.2 showed them: {@code docker-cli/NAME.MODE.out} is
 * docker's stdout for stream NAME (engine-api's golden {@code progress-NAME.jsonl}, dockerd's own, or the
 * synthetic one next to the recordings) on a terminal of 120, 80 or 50 columns ({@code ttyN}) or a pipe
 * ({@code plain}); {@code NAME.err} its error. Recorded by scripts/test/capture-docker-progress.sh.
 */
class ProgressDisplayTest {
    private static final String[] STREAMS = {"pull", "push", "load", "error", "synthetic"};
    private static final String[] MODES = {"tty120", "tty80", "tty50", "plain"};

    record Shown(String error, String out, ProgressDisplay display) {
    }

    static List<String[]> recordings() {
        List<String[]> out = new ArrayList<>();
        for (String s : STREAMS) {
            for (String m : MODES) {
                if (ProgressDisplayTest.class.getResource("/docker-cli/" + s + "." + m + ".out") != null) {
                    out.add(new String[] {s, m});
                }
            }
        }
        return out;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ProgressDisplayTest.class.getResourceAsStream("/docker-cli/" + name)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String stream(String name) throws IOException {
        return name.equals("synthetic") ? resource("synthetic.jsonl") : Golden.load("progress-" + name + ".jsonl");
    }

    /**
     * The clock docker had when it rendered the synthetic stream, as far as its ETAs tell: 5500.2 s after the
     * first layer's start (its ETA 1 x 5.5002 s rounds to 6s; the second's, 1 x 90.502 s, to 1m31s).
     */
    private static Clock clock(String stream) throws IOException {
        long start = 0;
        for (String line : stream.split("\n")) {
            JsonMessageView m = new JsonMessageView(MiniJson.parse(line.getBytes(StandardCharsets.UTF_8)));
            if (m.progressDetail().start() > 0) {
                start = m.progressDetail().start();
                break;
            }
        }
        return Clock.fixed(Instant.ofEpochSecond(start + 5500, 200_000_000), ZoneOffset.UTC);
    }

    static Shown show(String stream, boolean terminal, int width, Clock clock) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ProgressDisplay d = new ProgressDisplay(new PrintStream(bytes, true, StandardCharsets.UTF_8), terminal,
                () -> width, clock);
        String error = d.display(new ByteArrayInputStream(stream.getBytes(StandardCharsets.UTF_8)));
        return new Shown(error, bytes.toString(StandardCharsets.UTF_8), d);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("recordings")
    void display_isWhatDockerPrinted(String name, String mode) throws IOException {
        String stream = stream(name);
        boolean terminal = !mode.equals("plain");
        int width = terminal ? Integer.parseInt(mode.substring(3)) : ProgressDisplay.DEFAULT_WIDTH;
        Shown s = show(stream, terminal, width, clock(stream));
        assertEquals(resource(name + "." + mode + ".out"), s.out());
        String err = resource(name + ".err");
        assertEquals(err, s.error() == null ? null : s.error() + "\n");
    }

    @Test
    void aux_keptForThePushResult_andNeverShown() throws IOException {
        Shown s = show(Golden.load("progress-push.jsonl"), false, 200, Clock.systemUTC());
        assertEquals("sha256:9314d679ed431e971a782fc4d6fc250e42e44c1e33f1ee7c7690bd2fc63c579b".length(),
                s.display().aux().digest().length());
        assertNull(s.error());
    }

    @Test
    void errorText_isTheDetailsMessage_elseTheErrorField() throws IOException {
        Clock c = Clock.systemUTC();
        assertEquals("e2", show("{\"error\":\"e1\",\"errorDetail\":{\"message\":\"e2\"}}", false, 200, c).error());
        assertEquals("e1", show("{\"error\":\"e1\"}", false, 200, c).error());
        assertEquals("", show("{\"errorDetail\":{}}", false, 200, c).error());
        assertNull(show("{\"status\":\"x\",\"id\":\"\"}", false, 200, c).error());
    }

    @Test
    void eta_roundsAsGoDurationRound_andPrintsAsGoDurationString() {
        long s = 1_000_000_000L;
        assertEquals("0s", dev.jdock.api.value.GoDuration.format(ProgressDisplay.roundToSecond(s / 2 - 1)));
        assertEquals("1s", dev.jdock.api.value.GoDuration.format(ProgressDisplay.roundToSecond(s / 2)));
        assertEquals("-1s", dev.jdock.api.value.GoDuration.format(ProgressDisplay.roundToSecond(-s / 2)));
        assertEquals("1m30s", dev.jdock.api.value.GoDuration.format(90 * s));
        assertEquals("2h0m1s", dev.jdock.api.value.GoDuration.format(7201 * s));
    }
}
