package dev.jdock.cli.command.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.jdock.api.types.Golden;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The build's message stream: docker's plain display, the live terminal view, the result and exit status. */
class BuildStreamTest {
    private static final String OK = """
            {"stream":"Step 1/2 : FROM busybox"}
            {"stream":"\\n"}
            {"status":"Pulling from library/busybox","id":"latest"}
            {"status":"Downloading","progressDetail":{"current":1,"total":2},"progress":"[=> ] 1B/2B","id":"a1"}
            {"stream":" ---\\u003e 6b0d620a3f3a\\n"}
            {"stream":"Step 2/2 : RUN echo hi"}
            {"stream":"\\n"}
            {"stream":" ---\\u003e Running in 1234\\n"}
            {"stream":"hi\\n"}
            {"stream":"\\u001b[91moops\\n\\u001b[0m"}
            {"stream":"Removing intermediate container 1234\\n"}
            {"stream":" ---\\u003e 01b322d5e07d\\n"}
            {"aux":{"ID":"sha256:01b322d5e07d"}}
            {"stream":"Successfully built 01b322d5e07d\\n"}
            {"stream":"Successfully tagged t:latest\\n"}
            """;
    private static final String FAIL = """
            {"stream":"Step 1/1 : RUN exit 7"}
            {"stream":"\\n"}
            {"stream":" ---\\u003e Running in 1234\\n"}
            {"stream":"out\\n"}
            {"errorDetail":{"code":7,"message":"The command '/bin/sh -c exit 7' returned a non-zero code: 7"},\
            "error":"The command '/bin/sh -c exit 7' returned a non-zero code: 7"}
            {"stream":"never shown\\n"}
            """;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private static ByteArrayInputStream body(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void plain_printsTheTextsAsDockerDoes_andTheAuxId() throws IOException {
        BuildStream.Result r = BuildStream.read(body(OK), new BuildStream.Plain(out));
        assertEquals(new BuildStream.Result("sha256:01b322d5e07d", null, 0), r);
        assertEquals("Step 1/2 : FROM busybox\nlatest: Pulling from library/busybox\n ---> 6b0d620a3f3a\n"
                + "Step 2/2 : RUN echo hi\n ---> Running in 1234\nhi\n\u001b[91moops\n\u001b[0m"
                + "Removing intermediate container 1234\n ---> 01b322d5e07d\nSuccessfully built 01b322d5e07d\n"
                + "Successfully tagged t:latest\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void error_endsTheStream_withItsCode_orOne() throws IOException {
        BuildStream.Result r = BuildStream.read(body(FAIL), new BuildStream.Plain(out));
        assertEquals(new BuildStream.Result(null, "The command '/bin/sh -c exit 7' returned a non-zero code: 7", 7),
                r);
        assertEquals("Step 1/1 : RUN exit 7\n ---> Running in 1234\nout\n", bytes.toString(StandardCharsets.UTF_8));
        assertEquals(new BuildStream.Result(null, "boom", 1),
                BuildStream.read(body("{\"error\":\"boom\",\"errorDetail\":{\"message\":\"boom\"}}"),
                        new BuildStream.Plain(out)));
        assertEquals(new BuildStream.Result(null, "e", 1), BuildStream.read(body("{\"error\":\"e\"}"),
                new BuildStream.Plain(out)));
    }

    @Test
    void terminal_stepsCollapseToOneLine_theRunningStepShowsItsTailAndTime() throws IOException {
        AtomicLong now = new AtomicLong(1000);
        BuildTtyView view = new BuildTtyView(out, now::get, 40);
        view.stream("Step 1/2 : RUN make all");
        view.stream("\n");
        now.addAndGet(1500);
        view.stream("compiling a very long line that the terminal would wrap\nlinking\n");
        String live = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\u001b[J[1/2] RUN make all  0.0s\n"
                + "\u001b[1A\r\u001b[J[1/2] RUN make all  1.5s\n  compiling a very long line that the t\n"
                + "  linking\n", live, "redrawn in place, cut to the width");
        bytes.reset();
        now.addAndGet(500);
        view.tick();
        assertEquals("\u001b[3A\r\u001b[J[1/2] RUN make all  2.0s\n  compiling a very long line that the t\n"
                + "  linking\n", bytes.toString(StandardCharsets.UTF_8));
        bytes.reset();
        view.stream(" ---> Running in 1\n ---> Using cache\n ---> abc\nStep 2/2 : CMD [\"sh\"]\n ---> def\n");
        view.stream("Successfully built def\n");
        view.end(false);
        String end = bytes.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[(\\d+A\r)?J?", "");
        assertEquals("[1/2] CACHED RUN make all  2.0s\n[2/2] CMD [\"sh\"]  0.0s\n[2/2] CMD [\"sh\"]  0.0s\n"
                + "Successfully built def\n", end, "the finished step, the next one live, then collapsed");
    }

    @Test
    void terminal_failedStepKeepsItsOutput_andTheResultIsTheError() throws IOException {
        AtomicLong now = new AtomicLong(0);
        BuildStream.Result r = BuildStream.read(body(FAIL), new BuildTtyView(out, now::get, 80));
        assertEquals(7, r.exitCode());
        String shown = bytes.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[(\\d+A\r)?J?", "");
        assertEquals("[1/1] RUN exit 7  0.0s\n[1/1] RUN exit 7  0.0s\n[1/1] RUN exit 7  0.0s\n  out\n"
                + "[1/1] ERROR RUN exit 7  0.0s\n  out\n", shown,
                "the live redraws, then the failed step with its output");
        assertNull(r.imageId());
    }

    @Test
    void terminal_keepsOnlyTheLastLines() {
        BuildTtyView view = new BuildTtyView(out, () -> 0, 80);
        view.stream("Step 1/1 : RUN seq 10\n");
        for (int i = 1; i <= 10; i++) {
            view.stream(i + "\n");
        }
        bytes.reset();
        view.tick();
        assertEquals("\u001b[" + (BuildTtyView.TAIL + 1) + "A\r\u001b[J[1/1] RUN seq 10  0.0s\n  5\n  6\n  7\n  8\n"
                + "  9\n  10\n", bytes.toString(StandardCharsets.UTF_8));
    }

    /**
     * docker 28's legacy build on a terminal (recorded by scripts/test/capture-docker-progress.sh: dockerd's pull
     * stream as a build's reply, a 2048-byte context): the context line, then the messages without bars.
     */
    @Test
    void plain_andTheContextLine_areWhatDockerDrewOnATerminal() throws Exception {
        String docker;
        try (InputStream in = getClass().getResourceAsStream("/docker-cli/build-pull.tty120.out")) {
            docker = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (UploadProgress up = new UploadProgress(new ByteArrayInputStream(new byte[2048]), out, true)) {
            up.readAllBytes();
        }
        BuildStream.Result r = BuildStream.read(body(Golden.load("progress-pull.jsonl")),
                new BuildStream.Plain(out));
        assertNull(r.error());
        assertEquals(docker, bytes.toString(StandardCharsets.UTF_8));
    }
}
