package dev.jdock.runtime.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SysctlSpecTest {
    private static RuntimeSpec withSysctls(Map<String, String> sysctls) {
        RuntimeSpec s = SpecFixtures.full();
        return new RuntimeSpec(s.id(), s.bundleDir(), s.runDir(), s.rootfs(), s.process(), s.hostname(),
                s.namespaces(), s.mounts(), s.devices(), s.maskedPaths(), s.readonlyPaths(), s.readonlyRootfs(),
                s.seccompBpf(), s.cgroupProcsFiles(), s.log(), s.oomScoreAdj(), sysctls);
    }

    @Test
    void sysctls_roundTripInOrder() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("net.ipv4.ip_forward", "1");
        m.put("kernel.sem", "250 32000 32 128");
        RuntimeSpec spec = withSysctls(m);
        String text = SpecCodec.encode(spec);
        assertTrue(text.contains("sysctl net.ipv4.ip_forward 1\n"), text);
        assertTrue(text.contains("sysctl kernel.sem 250%2032000%2032%20128\n"), text);
        RuntimeSpec back = SpecCodec.decode(text);
        assertEquals(spec, back);
        assertEquals(java.util.List.of("net.ipv4.ip_forward", "kernel.sem"), java.util.List.copyOf(back.sysctls().keySet()));
    }

    @Test
    void oldConstructor_hasNoSysctls() {
        assertEquals(Map.of(), SpecFixtures.full().sysctls());
        assertTrue(!SpecCodec.encode(SpecFixtures.full()).contains("sysctl"));
    }

    @Test
    void sysctlNamesThatCouldLeaveProcSys_areRejected() {
        for (String bad : new String[] {"net/../../x", "..", "a b", ""}) {
            assertThrows(IllegalArgumentException.class, () -> withSysctls(Map.of(bad, "1")), bad);
        }
    }
}
