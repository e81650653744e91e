package dev.jdock.daemon.build.dockerfile;

import java.util.List;

/** {@code ENTRYPOINT}, in exec or shell form as {@link Cmd}. An empty exec form ({@code []}) clears it. */
public record Entrypoint(int line, String original, List<String> command, boolean shellForm)
        implements Instruction {
}
