package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class LinkEnvTest {
    @Test
    void of_portsTcpFirst_nameAndEnv_asMoby() {
        List<String> env = LinkEnv.of("/me/my-db", "172.17.0.2", List.of("PATH=/bin", "HOME=/root", "FOO=a=b",
                "EMPTY=", "BARE"), List.of("8080/tcp", "53/udp", "80/tcp"));
        assertEquals(List.of(
                "MY_DB_PORT=tcp://172.17.0.2:80",
                "MY_DB_PORT_80_TCP=tcp://172.17.0.2:80", "MY_DB_PORT_80_TCP_ADDR=172.17.0.2",
                "MY_DB_PORT_80_TCP_PORT=80", "MY_DB_PORT_80_TCP_PROTO=tcp",
                "MY_DB_PORT_8080_TCP=tcp://172.17.0.2:8080", "MY_DB_PORT_8080_TCP_ADDR=172.17.0.2",
                "MY_DB_PORT_8080_TCP_PORT=8080", "MY_DB_PORT_8080_TCP_PROTO=tcp",
                "MY_DB_PORT_53_UDP=udp://172.17.0.2:53", "MY_DB_PORT_53_UDP_ADDR=172.17.0.2",
                "MY_DB_PORT_53_UDP_PORT=53", "MY_DB_PORT_53_UDP_PROTO=udp",
                "MY_DB_NAME=/me/my-db",
                "MY_DB_ENV_FOO=a=b", "MY_DB_ENV_EMPTY="), env);
    }

    @Test
    void of_consecutivePorts_getRangeVariables() {
        List<String> env = LinkEnv.of("/a/r", "10.0.0.9", null, List.of("6001/tcp", "6000/tcp", "6002/tcp", "7000"));
        assertEquals(List.of(
                "R_PORT=tcp://10.0.0.9:6000",
                "R_PORT_6000_TCP=tcp://10.0.0.9:6000", "R_PORT_6000_TCP_ADDR=10.0.0.9",
                "R_PORT_6000_TCP_PORT=6000", "R_PORT_6000_TCP_PROTO=tcp",
                "R_PORT_6001_TCP=tcp://10.0.0.9:6001", "R_PORT_6001_TCP_ADDR=10.0.0.9",
                "R_PORT_6001_TCP_PORT=6001", "R_PORT_6001_TCP_PROTO=tcp",
                "R_PORT_6002_TCP=tcp://10.0.0.9:6002", "R_PORT_6002_TCP_ADDR=10.0.0.9",
                "R_PORT_6002_TCP_PORT=6002", "R_PORT_6002_TCP_PROTO=tcp",
                "R_PORT_7000_TCP=tcp://10.0.0.9:7000", "R_PORT_7000_TCP_ADDR=10.0.0.9",
                "R_PORT_7000_TCP_PORT=7000", "R_PORT_7000_TCP_PROTO=tcp",
                "R_PORT_6000_TCP_START=tcp://10.0.0.9:6000", "R_PORT_6000_TCP_PORT_START=6000",
                "R_PORT_6000_TCP_END=tcp://10.0.0.9:6002", "R_PORT_6000_TCP_PORT_END=6002",
                "R_NAME=/a/r"), env);
    }

    @Test
    void of_noPorts_onlyName() {
        assertEquals(List.of("P_NAME=/x/p"), LinkEnv.of("/x/p", "10.0.0.2", List.of("HOME=/"), List.of()));
    }
}
