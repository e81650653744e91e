package dev.jdock.cli.command.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.cli.core.Args;
import org.junit.jupiter.api.Test;

/** update's body for what docker 28.2.2 sent (recorded on the wire; docker also sends every other field zero). */
class UpdateBodyTest {
    /** docker accepts the hidden, deprecated --kernel-memory and sends KernelMemory (the daemon ignores it). */
    @Test
    void kernelMemory_acceptedAndSent() {
        Args a = Args.parse(LifecycleCommands.UPDATE, new String[] {"--kernel-memory", "10m", "r1"}, 0);
        assertEquals("{\"KernelMemory\":10485760}", LifecycleCommands.updateBody(a));
    }
}
