package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class NetworkFilesTest {
    @Test
    void hostNames_fqdnThenItsFirstLabel_spaceSeparated_asLibnetwork() {
        assertEquals("box", NetworkFiles.hostNames("box", ""));
        assertEquals("box", NetworkFiles.hostNames("box", null));
        assertEquals("box.example.com box", NetworkFiles.hostNames("box", "example.com"));
        assertEquals("a.b a", NetworkFiles.hostNames("a.b", ""), "a hostname with a dot is a FQDN too");
    }
}
