package dev.jdock.daemon.system;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.types.system.IndexInfo;
import dev.jdock.api.types.system.RegistryConfig;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegistryInfoTest {
    @Test
    void defaultsAreTheLoopbackRangesAndTheOfficialIndex() {
        RegistryConfig r = RegistryInfo.of(List.of(), List.of());
        assertEquals(List.of("::1/128", "127.0.0.0/8"), r.insecureRegistryCidrs());
        assertEquals(Map.of("docker.io", new IndexInfo("docker.io", List.of(), true, true)), r.indexConfigs());
        assertEquals(List.of(), r.mirrors());
    }

    @Test
    void configuredMirrorsAndInsecureRegistriesAreReported() {
        RegistryConfig r = RegistryInfo.of(List.of("https://mirror.example.com", "http://10.0.0.5:5000/"),
                List.of("10.1.0.0/16", "http://reg.local:5000", "127.0.0.0/8"));
        assertEquals(List.of("10.1.0.0/16", "127.0.0.0/8", "::1/128"), r.insecureRegistryCidrs()); // duplicates once
        assertEquals(List.of("https://mirror.example.com/", "http://10.0.0.5:5000/"), r.mirrors());
        assertEquals(new IndexInfo("reg.local:5000", List.of(), false, false), r.indexConfigs().get("reg.local:5000"));
        assertEquals(r.mirrors(), r.indexConfigs().get("docker.io").mirrors());
        assertEquals(2, r.indexConfigs().size());
    }
}
