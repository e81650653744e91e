package dev.jdock.daemon.network;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The bytes of a network list entry, pinned: the typed views must write exactly what the maps wrote. */
class NetworkWireBytesTest {
    private static final String ID = "f9aa76a2bf66e216dece50a53fc3b7aceda750ed6287f3f4842bb5a71b4fce33";

    private static String json(Object o) throws Exception {
        return Json.mapper().writeValueAsString(o);
    }

    @Test
    void listEntry_userBridge_bytesAsDockerd() throws Exception {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put("a", "1");
        labels.put("b", "2");
        NetworkRecord n = new NetworkRecord(ID, "gnet", "bridge", "2026-01-02T03:04:05.123456789Z", "gbr0",
                "172.31.5.0/24", "172.31.5.1", "172.31.5.128/25", Map.of("host1", "172.31.5.5"), false, false,
                labels, Map.of("com.docker.network.bridge.name", "gbr0"), 1500, true, true);
        assertEquals("{\"Name\":\"gnet\",\"Id\":\"" + ID + "\",\"Created\":\"2026-01-02T03:04:05.123456789Z\","
                + "\"Scope\":\"local\",\"Driver\":\"bridge\",\"EnableIPv4\":true,\"EnableIPv6\":false,"
                + "\"IPAM\":{\"Driver\":\"default\","
                + "\"Options\":null,\"Config\":[{\"Subnet\":\"172.31.5.0/24\",\"IPRange\":\"172.31.5.128/25\","
                + "\"Gateway\":\"172.31.5.1\",\"AuxiliaryAddresses\":{\"host1\":\"172.31.5.5\"}}]},"
                + "\"Internal\":false,\"Attachable\":false,\"Ingress\":false,\"ConfigFrom\":{\"Network\":\"\"},"
                + "\"ConfigOnly\":false,\"Containers\":{},\"Options\":{\"com.docker.network.bridge.name\":\"gbr0\"},"
                + "\"Labels\":{\"a\":\"1\",\"b\":\"2\"}}", json(NetworkViews.inspect(null, n, false)));
    }

    @Test
    void listEntry_nullNetwork_emptyIpamConfigAndNoRangeOrAux() throws Exception {
        NetworkRecord none = new NetworkRecord(ID, "none", "null", "2026-01-02T03:04:05Z", "", "", "", "",
                Map.of(), false, false, Map.of(), Map.of(), 0, true, false);
        assertEquals("{\"Name\":\"none\",\"Id\":\"" + ID + "\",\"Created\":\"2026-01-02T03:04:05Z\","
                + "\"Scope\":\"local\",\"Driver\":\"null\",\"EnableIPv4\":true,\"EnableIPv6\":false,"
                + "\"IPAM\":{\"Driver\":\"default\","
                + "\"Options\":null,\"Config\":[]},\"Internal\":false,\"Attachable\":false,\"Ingress\":false,"
                + "\"ConfigFrom\":{\"Network\":\"\"},\"ConfigOnly\":false,\"Containers\":{},\"Options\":{},"
                + "\"Labels\":{}}", json(NetworkViews.inspect(null, none, false)));
        NetworkRecord plain = new NetworkRecord(ID, "n2", "bridge", "t", "jd-f9aa76a2bf66", "192.168.0.0/20",
                "192.168.0.1", "", Map.of(), true, true, Map.of(), Map.of(), 1500, true, false);
        String ipam = json(NetworkViews.inspect(null, plain, false));
        assertEquals(true, ipam.contains("\"Config\":[{\"Subnet\":\"192.168.0.0/20\",\"Gateway\":\"192.168.0.1\"}]},"
                + "\"Internal\":true,\"Attachable\":true,"), ipam);
    }
}
