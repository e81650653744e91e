package dev.jdock.cli.core;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import java.io.PrintStream;
import java.util.Map;

/**
 * What every command gets: the client, the output streams and a clock (tests inject all three), and the global
 * options and environment the client was resolved from (the context commands read them).
 */
public final class Cli {
    private final EngineClient client;
    private final PrintStream out;
    private final PrintStream err;
    private final java.util.function.LongSupplier clock;
    private final GlobalOptions options;
    private final Map<String, String> env;

    public Cli(EngineClient client, PrintStream out, PrintStream err, java.util.function.LongSupplier clock) {
        this(client, out, err, clock, GlobalOptions.NONE, Map.of());
    }

    public Cli(EngineClient client, PrintStream out, PrintStream err, java.util.function.LongSupplier clock,
            GlobalOptions options, Map<String, String> env) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.options = options;
        this.env = env;
    }

    public static Cli forHost(String host) {
        return new Cli(new EngineClient(DockerHost.parse(host)), System.out, System.err, System::currentTimeMillis);
    }

    public EngineClient client() {
        return client;
    }

    public PrintStream out() {
        return out;
    }

    public PrintStream err() {
        return err;
    }

    public GlobalOptions options() {
        return options;
    }

    public Map<String, String> env() {
        return env;
    }

    public long now() {
        return clock.getAsLong();
    }
}
