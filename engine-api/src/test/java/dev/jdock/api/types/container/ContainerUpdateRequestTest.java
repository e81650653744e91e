package dev.jdock.api.types.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.jdock.api.Json;
import dev.jdock.api.types.Golden;
import org.junit.jupiter.api.Test;

/** {@code POST /containers/{id}/update} bodies as clients send them (golden/requests, see the README there). */
class ContainerUpdateRequestTest {
    private static ContainerUpdateRequest read(String json) throws Exception {
        return Json.requestMapper().readValue(json, ContainerUpdateRequest.class);
    }

    @Test
    void dockerCli_everyResourceField_zeroIsUnchanged_unknownOnesIgnored() throws Exception {
        ContainerUpdateRequest u = read(Golden.load("requests/container-update-cli.json"));
        assertEquals(new ContainerUpdateRequest(67108864, 0, 0, 0, 0, 0, 0, 0, 0, "", "", null, 0,
                new RestartPolicy("always", 0)), u);
        ContainerUpdateRequest cpus = read(Golden.load("requests/container-update-cli-cpus.json"));
        assertEquals(500000000, cpus.nanoCpus());
        assertEquals(33554432, cpus.memoryReservation());
        assertEquals(100L, cpus.pidsLimit());
        assertEquals(new RestartPolicy("on-failure", 3), cpus.restartPolicy());
    }

    @Test
    void dockerPy_onlyTheFieldsItSets() throws Exception {
        ContainerUpdateRequest u = read(Golden.load("requests/container-update-py.json"));
        assertEquals(67108864, u.memory());
        assertEquals(0, u.memorySwap());
        assertNull(u.cpusetCpus());
        assertNull(u.pidsLimit(), "absent: unchanged (PidsLimit 0 would mean unlimited)");
        assertEquals("always", u.restartPolicy().name());
        assertEquals(0, u.restartPolicy().maximumRetryCount());
    }

    @Test
    void keys_matchCaseInsensitively_asGo() throws Exception {
        ContainerUpdateRequest u = read("{\"memory\":1048576,\"cpushares\":512,\"restartpolicy\":"
                + "{\"name\":\"on-failure\",\"maximumRetryCount\":2},\"KernelMemory\":8388608}");
        assertEquals(1048576, u.memory());
        assertEquals(512, u.cpuShares());
        assertEquals(new RestartPolicy("on-failure", 2), u.restartPolicy());
    }

    @Test
    void aValueOfTheWrongType_isRefused() {
        assertThrows(MismatchedInputException.class, () -> read("{\"Memory\":\"64m\"}"));
        assertThrows(MismatchedInputException.class, () -> read("{\"RestartPolicy\":\"always\"}"));
    }
}
