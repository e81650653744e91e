package dev.jdock.daemon.cri.cni;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** A {@link ProcessExec} that records every run and answers with a script of the test's. */
final class FakeProcessExec implements ProcessExec {
    /** One run: what the program was given. */
    record Run(List<String> argv, Map<String, String> env, JsonNode stdin, Duration timeout) {
        /** The plugin's type: the binary's file name. */
        String program() {
            return Path.of(argv.get(0)).getFileName().toString();
        }

        String command() {
            return env.get("CNI_COMMAND");
        }

        /** {@code ADD bridge eth0}: enough to assert an order of runs. */
        String summary() {
            return command() + " " + program() + " " + env.get("CNI_IFNAME");
        }
    }

    final List<Run> runs = new ArrayList<>();
    private final Function<Run, Output> answer;

    FakeProcessExec(Function<Run, Output> answer) {
        this.answer = answer;
    }

    @Override
    public synchronized Output run(List<String> argv, Map<String, String> env, byte[] stdin, Duration timeout) {
        JsonNode in;
        try {
            in = stdin.length == 0 ? null : CniConfigs.JSON.readTree(stdin);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run r = new Run(List.copyOf(argv), Map.copyOf(env), in, timeout);
        runs.add(r);
        return answer.apply(r);
    }

    List<String> summaries() {
        return runs.stream().map(Run::summary).toList();
    }

    static Output ok(String stdout) {
        return new Output(0, stdout.getBytes(StandardCharsets.UTF_8), "");
    }

    static Output fail(int exit, String stdout, String stderr) {
        return new Output(exit, stdout.getBytes(StandardCharsets.UTF_8), stderr);
    }
}
