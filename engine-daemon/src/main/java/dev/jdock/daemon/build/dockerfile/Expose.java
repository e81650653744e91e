package dev.jdock.daemon.build.dockerfile;

import java.util.List;
import java.util.Set;

/**
 * {@code EXPOSE 80 443/udp}: the ports, sorted as Docker sorts them, raw until expanded. The only instruction
 * whose expansion splits a word into words ({@code EXPOSE $PORTS} with {@code PORTS="80 443"}).
 */
public record Expose(int line, String original, List<String> ports) implements Instruction {
    @Override
    public Instruction expanded(Lookup vars, char escape) {
        return new Expose(line, original, new Expand(escape, vars, line).split(ports));
    }

    @Override
    public Set<String> references(char escape) {
        return Expand.references(escape, ports);
    }
}
