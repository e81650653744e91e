package dev.jdock.cli.core;

import dev.jdock.api.client.DockerHost;
import dev.jdock.api.client.EngineClient;
import java.io.PrintStream;

/** What every command gets: the client, the output streams and a clock (tests inject all three). */
public final class Cli {
    private final EngineClient client;
    private final PrintStream out;
    private final PrintStream err;
    private final java.util.function.LongSupplier clock;

    public Cli(EngineClient client, PrintStream out, PrintStream err, java.util.function.LongSupplier clock) {
        this.client = client;
        this.out = out;
        this.err = err;
        this.clock = clock;
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

    public long now() {
        return clock.getAsLong();
    }
}
