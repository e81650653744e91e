package dev.jdock.api.types.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.jdock.api.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ContainerWireTest {
    private final ObjectMapper m = Json.mapper();

    /** Go's int (StopTimeout, Retries, MaximumRetryCount) is 64 bits: dockerd takes 3000000000 where an int did not. */
    @Test
    void goIntFields_takeInt64Values() throws Exception {
        String body = "{\"Image\":\"b\",\"StopTimeout\":3000000000,\"Healthcheck\":{\"Retries\":3000000000},"
                + "\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"on-failure\",\"MaximumRetryCount\":3000000000}}}";
        ContainerCreateRequest req = m.readValue(body, ContainerCreateRequest.class);
        assertEquals(3_000_000_000L, req.stopTimeout());
        assertEquals(3_000_000_000L, req.healthcheck().retries());
        assertEquals(3_000_000_000L, req.hostConfig().restartPolicy().maximumRetryCount());
        JsonNode back = m.valueToTree(req.toConfig());
        assertEquals(3_000_000_000L, back.get("StopTimeout").asLong());
        assertEquals(3_000_000_000L, back.get("Healthcheck").get("Retries").asLong());
    }

    @Test
    void createBodyAsTheCliSendsItParsesAndIgnoresNewerFields() throws Exception {
        ContainerCreateRequest req = m.readValue(WireSamples.load("create-run-rm.json"), ContainerCreateRequest.class);
        assertEquals("busybox", req.image());
        assertEquals(List.of("echo", "hi"), req.cmd());
        assertTrue(req.attachStdout());
        assertNull(req.entrypoint());
        HostConfig hc = req.hostConfig();
        assertTrue(hc.autoRemove());
        assertEquals("default", hc.networkMode());
        assertEquals(new RestartPolicy("no", 0), hc.restartPolicy());
        assertEquals(List.of(0, 0), hc.consoleSize());
        assertEquals(-1L, hc.memorySwappiness());
        assertNull(hc.pidsLimit());
        assertNull(hc.oomKillDisable());
        assertEquals(new Ulimit("nofile", 1024, 2048), hc.ulimits().get(0));
        EndpointSettings ep = req.networkingConfig().endpointsConfig().get("default");
        assertEquals("", ep.macAddress());
        assertNull(ep.dnsNames());
        ContainerConfig cfg = req.toConfig();
        assertEquals("busybox", cfg.image());
        assertEquals(req, ContainerCreateRequest.of(cfg, hc, req.networkingConfig()));
    }

    @Test
    void createBodyRoundTripsWithEveryCliFieldPresent() throws Exception {
        byte[] sample = WireSamples.load("create-run-rm.json");
        ContainerCreateRequest req = m.readValue(sample, ContainerCreateRequest.class);
        JsonNode out = m.readTree(m.writeValueAsBytes(req));
        JsonNode in = m.readTree(sample);
        // every field the CLI sent comes back with the same value (API 1.48's GwPriority included)
        in.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("HostConfig") && !e.getKey().equals("NetworkingConfig")) {
                assertEquals(e.getValue(), out.get(e.getKey()), e.getKey());
            }
        });
        in.get("HostConfig").fields().forEachRemaining(e ->
                assertEquals(e.getValue(), out.get("HostConfig").get(e.getKey()), "HostConfig." + e.getKey()));
        assertEquals(in.get("NetworkingConfig"), out.get("NetworkingConfig"));
        assertEquals(req, m.readValue(m.writeValueAsBytes(req), ContainerCreateRequest.class));
    }

    @Test
    void omitemptyFieldsAreLeftOutAndNullsKept() throws Exception {
        HostConfig hc = HostConfig.builder().networkMode("default").memory(64L << 20).build();
        JsonNode n = m.valueToTree(hc);
        assertFalse(n.has("Init"));
        assertFalse(n.has("Mounts"));
        assertFalse(n.has("Sysctls"));
        assertTrue(n.get("Binds").isNull());
        assertTrue(n.get("PidsLimit").isNull());
        assertEquals(67108864L, n.get("Memory").asLong());
        assertEquals("", n.get("IpcMode").asText());
        ContainerConfig c = ContainerConfig.builder().image("busybox").exposedPorts(Map.of("80/tcp", Map.of())).build();
        JsonNode cn = m.valueToTree(c);
        assertEquals("{}", cn.get("ExposedPorts").get("80/tcp").toString());
        assertFalse(cn.has("Healthcheck"));
        assertFalse(cn.has("StopTimeout"));
        assertTrue(cn.get("Entrypoint").isNull());
        assertEquals("", cn.get("Hostname").asText());
    }

    @Test
    void inspectSampleRoundTrips() throws Exception {
        byte[] sample = WireSamples.load("inspect-container.json");
        ContainerInspect ci = m.readValue(sample, ContainerInspect.class);
        assertEquals("/t1", ci.name());
        assertEquals(ContainerStatus.RUNNING, ContainerStatus.fromWire(ci.state().status()));
        assertEquals(23891, ci.state().pid());
        assertEquals(67108864L, ci.hostConfig().shmSize());
        assertEquals("overlay2", ci.graphDriver().name());
        assertEquals("172.17.0.2", ci.networkSettings().networks().get("bridge").ipAddress());
        assertEquals(List.of("sleep", "300"), ci.config().cmd());
        assertEquals(ci, m.readValue(m.writeValueAsBytes(ci), ContainerInspect.class));
        JsonNode out = m.readTree(m.writeValueAsBytes(ci));
        assertEquals(m.readTree(sample).get("State"), out.get("State"));
        assertEquals(m.readTree(sample).get("Config"), out.get("Config"));
        assertTrue(out.get("ExecIDs").isNull());
        assertFalse(out.has("SizeRw"));
    }

    @Test
    void summariesParse() throws Exception {
        ContainerSummary[] ps = m.readValue(WireSamples.load("containers-json.json"), ContainerSummary[].class);
        assertEquals(2, ps.length);
        assertEquals(List.of("/t1"), ps[0].names());
        assertEquals(8081, ps[0].ports().get(0).publicPort());
        assertNull(ps[0].ports().get(1).publicPort());
        assertEquals("default", ps[0].hostConfig().networkMode());
        assertEquals("/data", ps[0].mounts().get(0).destination());
        assertEquals("Exited (3) 5 minutes ago", ps[1].status());
        JsonNode port = m.valueToTree(ps[0].ports().get(1));
        assertFalse(port.has("IP"));
        assertFalse(port.has("PublicPort"));
    }

    @Test
    void waitResponseSerialisesNullError() throws Exception {
        assertEquals("{\"StatusCode\":3,\"Error\":null}", m.writeValueAsString(WaitResponse.exited(3)));
        WaitResponse w = m.readValue("{\"Error\":{\"Message\":\"context canceled\"},\"StatusCode\":-1}", WaitResponse.class);
        assertEquals(-1, w.statusCode());
        assertEquals("context canceled", w.error().message());
    }

    @Test
    void mountWithTmpfsOptions() throws Exception {
        String json = "{\"Type\":\"tmpfs\",\"Target\":\"/scratch\",\"TmpfsOptions\":{\"SizeBytes\":1048576}}";
        Mount mt = m.readValue(json, Mount.class);
        assertEquals(1048576L, mt.tmpfsOptions().sizeBytes());
        assertEquals(m.readTree(json), m.readTree(m.writeValueAsBytes(mt)));
    }

    @Test
    void mountReadOnlyFalse_isLeftOut_asGosOmitempty() throws Exception {
        // docker-py's Mount always sends ReadOnly; dockerd's inspect shows it only when true
        Mount rw = m.readValue("{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/m\",\"ReadOnly\":false}",
                Mount.class);
        assertEquals(m.readTree("{\"Type\":\"volume\",\"Source\":\"v\",\"Target\":\"/m\"}"),
                m.readTree(m.writeValueAsBytes(rw)));
        Mount ro = m.readValue("{\"Type\":\"bind\",\"Source\":\"/s\",\"Target\":\"/m\",\"ReadOnly\":true}",
                Mount.class);
        assertTrue(m.readTree(m.writeValueAsBytes(ro)).get("ReadOnly").asBoolean());
    }
}
