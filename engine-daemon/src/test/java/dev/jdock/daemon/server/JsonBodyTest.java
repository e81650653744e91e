package dev.jdock.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.network.NetworkConnectRequest;
import dev.jdock.api.types.network.NetworkCreateRequest;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonBodyTest {
    private final JsonBody.Budget budget = new JsonBody.Budget(100, Duration.ofMillis(10));

    private static InputStream in(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void read_parsesAndHoldsItsBytesUntilReleased() {
        JsonBody.Budget.Lease lease = budget.lease();
        Map<?, ?> m = JsonBody.read(in("{\"a\":1}"), Map.class, -1, 50, lease);
        assertEquals(Map.of("a", 1), m);
        assertEquals(93, budget.available());
        lease.close();
        assertEquals(100, budget.available());
    }

    @Test
    void read_empty_null() {
        assertNull(JsonBody.read(in(""), Map.class, 0, 50, budget.lease()));
    }

    @Test
    void read_beyondTheCap_413_withoutReadingFurther() {
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(in("{\"a\":\"" + "x".repeat(100) + "\"}"), Map.class, -1, 50, budget.lease()));
        assertEquals(ErrorKind.REQUEST_TOO_LARGE, e.kind());
        assertEquals(413, e.kind().httpStatus());
    }

    /**
     * The cap reached inside a create body's Env (the body arriving in pieces, as from a socket): databind wraps what
     * the stream throws in a mapping exception, still a 413.
     */
    @Test
    void read_beyondTheCapInsideAProperty_413() {
        String body = "{\"Image\":\"x\",\"Env\":[\"" + "a".repeat(200) + "\"]}";
        InputStream trickle = new java.io.FilterInputStream(in(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 16));
            }
        };
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(trickle, ContainerCreateRequest.class, -1, 50, budget.lease()));
        assertEquals(ErrorKind.REQUEST_TOO_LARGE, e.kind(), e.getMessage());
    }

    @Test
    void read_budgetTakenByOthers_503() {
        JsonBody.Budget.Lease other = budget.lease();
        JsonBody.read(in("[" + "1,".repeat(44) + "1]"), Object.class, -1, 100, other); // 91 bytes held
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(in("{\"a\":\"bcdefgh\"}"), Map.class, -1, 100, budget.lease()));
        assertEquals(ErrorKind.UNAVAILABLE, e.kind());
        other.close();
        assertEquals(Map.of("a", "bcdefgh"), JsonBody.read(in("{\"a\":\"bcdefgh\"}"), Map.class, -1, 100,
                budget.lease()));
    }

    @Test
    void read_invalid_dockerdsPrefix() {
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(in("{\"a\" 1}"), Map.class, -1, 50, budget.lease()));
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind());
        assertEquals("invalid JSON: invalid character '1' after object key", e.getMessage());
    }

    /** Syntax errors in Go's words (its scanner's), as moby's decoder gives them; a body cut short is Go's EOF. */
    @Test
    void syntaxErrors_goWords() {
        Map<String, String> cases = Map.ofEntries(
                Map.entry("xyz", "invalid character 'x' looking for beginning of value"),
                Map.entry("{\"Image\":\"busybox\",", "unexpected EOF"),
                Map.entry("{\"Image\"", "unexpected EOF"),
                Map.entry("{\"Image\":tru", "unexpected EOF"),
                Map.entry("{\"Image\":trux}", "invalid character 'x' in literal true (expecting 'e')"),
                Map.entry("{\"Image\":\"a\" \"Cmd\":[]}", "invalid character '\"' after object key:value pair"),
                Map.entry("{Image:1}", "invalid character 'I' looking for beginning of object key string"),
                Map.entry("{\"Env\":[\"a\" \"b\"]}", "invalid character '\"' after array element"),
                Map.entry("{\"Image\":\"a\\q\"}", "invalid character 'q' in string escape code"),
                Map.entry("{\"StopTimeout\":01}", "invalid character '1' after object key:value pair"),
                Map.entry("{\"StopTimeout\":-}", "invalid character '}' in numeric literal"),
                Map.entry("{\"Image\":\"a\tb\"}", "invalid character '\\t' in string literal"));
        for (Map.Entry<String, String> c : cases.entrySet()) {
            assertEquals("invalid JSON: " + c.getValue(), refused(c.getKey(), ContainerCreateRequest.class)
                    .getMessage(), c.getKey());
        }
    }

    /** A syntax error found in a body arriving in pieces: Go's scanner reads what the parser had read. */
    @Test
    void syntaxError_inATrickledBody_goWords() {
        String body = "{\"Image\":\"x\",\"Env\":[\"" + "a".repeat(100) + "\"],\"Cmd\":[\"sh\"}";
        InputStream trickle = new java.io.FilterInputStream(in(body)) {
            @Override
            public int read(byte[] b, int off, int len) throws java.io.IOException {
                return super.read(b, off, Math.min(len, 7));
            }
        };
        EngineException e = assertThrows(EngineException.class, () -> JsonBody.read(trickle,
                ContainerCreateRequest.class, -1, 4096, new JsonBody.Budget(8192, Duration.ofMillis(10)).lease()));
        assertEquals("invalid JSON: invalid character '}' after array element", e.getMessage());
    }

    /** Whatever follows the value, JSON or not, is moby's "unexpected content after JSON". */
    @Test
    void contentAfterTheValue_evenNoJson() {
        assertEquals("unexpected content after JSON", refused("{} x", Map.class).getMessage());
        assertEquals("unexpected content after JSON", refused("{} {}", Map.class).getMessage());
    }

    /** Values of a wrong kind for a list, a map, a struct or the body itself: Go's type names, never Java's. */
    @Test
    void typeErrors_ofListsMapsAndStructs_goNames() {
        assertEquals("invalid JSON: json: cannot unmarshal string into Go struct field CreateRequest.Env of type "
                + "[]string", refused("{\"Env\":\"a\"}", ContainerCreateRequest.class).getMessage());
        assertEquals("invalid JSON: json: cannot unmarshal array into Go value of type container.CreateRequest",
                refused("[]", ContainerCreateRequest.class).getMessage());
        assertEquals("invalid JSON: json: cannot unmarshal array into Go struct field CreateRequest.Labels of type "
                + "map[string]string", refused("{\"Labels\":[]}", ContainerCreateRequest.class).getMessage());
        assertEquals("invalid JSON: json: cannot unmarshal string into Go struct field CreateRequest.HostConfig of "
                + "type container.HostConfig", refused("{\"HostConfig\":\"x\"}", ContainerCreateRequest.class)
                .getMessage());
        assertEquals("invalid JSON: json: cannot unmarshal object into Go struct field CreateRequest.Image of type "
                + "string", refused("{\"Image\":{}}", ContainerCreateRequest.class).getMessage());
        assertEquals("invalid JSON: json: cannot unmarshal number into Go struct field CreateRequest.Tty of type "
                + "bool", refused("{\"Tty\":1}", ContainerCreateRequest.class).getMessage());
    }

    private EngineException refused(String body, Class<?> type) {
        EngineException e = assertThrows(EngineException.class,
                () -> JsonBody.read(in(body), type, -1, 4096, new JsonBody.Budget(8192, Duration.ofMillis(10)).lease()),
                body);
        assertEquals(ErrorKind.INVALID_PARAMETER, e.kind(), e.getMessage());
        return e;
    }

    private static <T> T read(String body, Class<T> type) {
        return JsonBody.read(in(body), type, -1, 4096, new JsonBody.Budget(8192, Duration.ofMillis(10)).lease());
    }

    /** GwPriority as a string or a fraction: Go's decoder refuses it (moby's 400), Jackson's coercion took it. */
    @Test
    void gwPriority_asAStringOrAFraction_isRefusedAsDockerdDoes() {
        EngineException e = refused("{\"Container\":\"c\",\"EndpointConfig\":{\"GwPriority\":\"5\"}}",
                NetworkConnectRequest.class);
        assertEquals("invalid JSON: json: cannot unmarshal string into Go struct field EndpointSettings"
                + ".EndpointConfig.GwPriority of type int", e.getMessage());
        e = refused("{\"Container\":\"c\",\"EndpointConfig\":{\"GwPriority\":1.5}}", NetworkConnectRequest.class);
        assertEquals("invalid JSON: json: cannot unmarshal number 1.5 into Go struct field EndpointSettings"
                + ".EndpointConfig.GwPriority of type int", e.getMessage());
        for (String v : List.of("\"5\"", "1.5", "5.0", "1e1", "\"\"", "true")) {
            refused("{\"Image\":\"i\",\"NetworkingConfig\":{\"EndpointsConfig\":{\"n\":{\"GwPriority\":" + v
                    + "}}}}", ContainerCreateRequest.class);
        }
        assertEquals(5, read("{\"Container\":\"c\",\"EndpointConfig\":{\"GwPriority\":5}}",
                NetworkConnectRequest.class).endpointConfig().gwPriority());
        assertEquals(-3, read("{\"Container\":\"c\",\"EndpointConfig\":{\"GwPriority\":-3}}",
                NetworkConnectRequest.class).endpointConfig().gwPriority());
        assertEquals(0, read("{\"Container\":\"c\",\"EndpointConfig\":{\"GwPriority\":null}}",
                NetworkConnectRequest.class).endpointConfig().gwPriority(), "null: the zero value, as in Go");
    }

    /** The other integer and boolean fields of the create and network bodies, as Go's encoding/json takes them. */
    @Test
    void integerAndBooleanFields_takeOnlyTheirJsonType() {
        refused("{\"Image\":\"i\",\"HostConfig\":{\"Memory\":\"512\"}}", ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"HostConfig\":{\"CpuShares\":2.5}}", ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"HostConfig\":{\"PidsLimit\":\"10\"}}", ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"HostConfig\":{\"Ulimits\":[{\"Name\":\"nofile\",\"Soft\":\"1\",\"Hard\":2}]}}",
                ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"HostConfig\":{\"RestartPolicy\":{\"Name\":\"on-failure\","
                + "\"MaximumRetryCount\":\"3\"}}}", ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"StopTimeout\":\"10\"}", ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"Healthcheck\":{\"Retries\":1.5}}", ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"Tty\":\"true\"}", ContainerCreateRequest.class);
        refused("{\"Image\":\"i\",\"HostConfig\":{\"Privileged\":1}}", ContainerCreateRequest.class);
        EngineException e = refused("{\"Name\":\"n\",\"Internal\":\"true\"}", NetworkCreateRequest.class);
        assertEquals("invalid JSON: json: cannot unmarshal string into Go struct field CreateRequest.Internal "
                + "of type bool", e.getMessage());
        refused("{\"Name\":\"n\",\"EnableIPv6\":0}", NetworkCreateRequest.class);
        // what the clients send (client-traces.md): numbers, booleans, nulls
        ContainerCreateRequest ok = read("{\"Image\":\"i\",\"Tty\":false,\"StopTimeout\":null,\"HostConfig\":"
                + "{\"Memory\":536870912,\"CpuShares\":0,\"PidsLimit\":null,\"Privileged\":true,\"Mounts\":[{"
                + "\"Type\":\"tmpfs\",\"Target\":\"/t\",\"TmpfsOptions\":{\"SizeBytes\":1048576}}]},"
                + "\"NetworkingConfig\":{\"EndpointsConfig\":{\"n\":{\"Aliases\":[\"a\"],\"GwPriority\":7}}}}",
                ContainerCreateRequest.class);
        assertEquals(536870912L, ok.hostConfig().memory());
        assertEquals(7, ok.networkingConfig().endpointsConfig().get("n").gwPriority());
        NetworkCreateRequest n = read("{\"Name\":\"jtrace_appnet\",\"CheckDuplicate\":true,\"Attachable\":true,"
                + "\"Internal\":false}", NetworkCreateRequest.class);
        assertEquals(true, n.attachable());
    }

    /** A string field (also a map's values and a list's elements) takes only a JSON string, as Go's encoding/json:
     * Jackson turned {@code 5} into {@code "5"} where dockerd answers 400; Go names no literal for it. */
    @Test
    void stringFields_takeOnlyJsonStrings_asDockerd() {
        String p = "invalid JSON: json: cannot unmarshal ";
        assertEquals(p + "number into Go struct field CreateRequest.Image of type string",
                refused("{\"Image\":5}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "bool into Go struct field CreateRequest.User of type string",
                refused("{\"Image\":\"i\",\"User\":true}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number into Go struct field CreateRequest.Labels of type string",
                refused("{\"Image\":\"i\",\"Labels\":{\"a\":1}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number into Go struct field CreateRequest.Env of type string",
                refused("{\"Image\":\"i\",\"Env\":[1.5]}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number into Go struct field CreateRequest.Name of type string",
                refused("{\"Name\":7}", NetworkCreateRequest.class).getMessage());
        ContainerCreateRequest ok = read("{\"Image\":\"i\",\"User\":\"1000\",\"Labels\":{\"a\":\"1\"},"
                + "\"Env\":[\"A=1\"],\"Hostname\":null}", ContainerCreateRequest.class);
        assertEquals("1000", ok.user());
        assertEquals(Map.of("a", "1"), ok.labels());
    }

    /** Go names the struct the field is in and the field's own Go type: moby's, where the Java record or its field's
     * width differ (GwPriority is an int, BlkioWeight a uint16, a healthcheck's Interval a time.Duration...). */
    @Test
    void typeErrors_nameMobysStructsAndGoTypes() {
        String p = "invalid JSON: json: cannot unmarshal ";
        assertEquals(p + "string into Go struct field CreateRequest.StopTimeout of type int",
                refused("{\"Image\":\"i\",\"StopTimeout\":\"10\"}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "string into Go struct field HostConfig.HostConfig.OomScoreAdj of type int",
                refused("{\"HostConfig\":{\"OomScoreAdj\":\"1\"}}", ContainerCreateRequest.class).getMessage());
        assertEquals(3_000_000_000L, read("{\"HostConfig\":{\"OomScoreAdj\":3000000000}}",
                ContainerCreateRequest.class).hostConfig().oomScoreAdj(), "a Go int: moby's range check refuses it");
        assertEquals(p + "string into Go struct field HostConfig.HostConfig.Memory of type int64",
                refused("{\"HostConfig\":{\"Memory\":\"1\"}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number 1.5 into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16",
                refused("{\"HostConfig\":{\"BlkioWeight\":1.5}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "string into Go struct field HealthConfig.Healthcheck.Interval of type time.Duration",
                refused("{\"Healthcheck\":{\"Interval\":\"1s\"}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "string into Go struct field ThrottleDevice.HostConfig.BlkioDeviceReadBps.Rate of type uint64",
                refused("{\"HostConfig\":{\"BlkioDeviceReadBps\":[{\"Path\":\"/dev/sda\",\"Rate\":\"1\"}]}}",
                        ContainerCreateRequest.class).getMessage());
        assertEquals(p + "string into Go struct field HostConfig.HostConfig.ConsoleSize of type uint",
                refused("{\"HostConfig\":{\"ConsoleSize\":[\"1\",2]}}", ContainerCreateRequest.class).getMessage());
    }

    /** Cmd, Entrypoint and Shell are moby's strslice.StrSlice: a JSON string is taken as a one-element list. */
    @Test
    void cmdEntrypointAndShell_takeAStringAsDockerdDoes() {
        ContainerCreateRequest r = read("{\"Image\":\"i\",\"Cmd\":\"echo hi\",\"Entrypoint\":\"/bin/sh\","
                + "\"Shell\":\"/bin/bash\"}", ContainerCreateRequest.class);
        assertEquals(List.of("echo hi"), r.cmd());
        assertEquals(List.of("/bin/sh"), r.entrypoint());
        assertEquals(List.of("/bin/bash"), r.shell());
        r = read("{\"Image\":\"i\",\"Cmd\":[\"a\",\"b\"],\"Entrypoint\":null}", ContainerCreateRequest.class);
        assertEquals(List.of("a", "b"), r.cmd());
        assertNull(r.entrypoint());
        assertEquals(List.of("x"), read("{\"Cmd\":\"x\"}", dev.jdock.api.types.container.ContainerConfig.class).cmd());
        refused("{\"Image\":\"i\",\"Cmd\":{}}", ContainerCreateRequest.class);
    }

    /** A number in range of the Java field but not of moby's unsigned or narrow Go type: Go's decoder refuses it
     * (dockerd's 400); taken, it came back in inspect where the docker CLI could no longer decode the container
     * ("cannot unmarshal number 70000 into Go struct field ...BlkioWeight of type uint16": start -a, inspect). */
    @Test
    void valuesOutOfTheirGoTypesRange_areRefusedAsDockerdDoes() {
        String p = "invalid JSON: json: cannot unmarshal ";
        assertEquals(p + "number 70000 into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16",
                refused("{\"HostConfig\":{\"BlkioWeight\":70000}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number -1 into Go struct field HostConfig.HostConfig.BlkioWeight of type uint16",
                refused("{\"HostConfig\":{\"BlkioWeight\":-1}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number 65536 into Go struct field WeightDevice.HostConfig.BlkioWeightDevice.Weight of type "
                + "uint16",
                refused("{\"HostConfig\":{\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":65536}]}}",
                        ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number -5 into Go struct field ThrottleDevice.HostConfig.BlkioDeviceWriteIOps.Rate of type "
                + "uint64", refused("{\"HostConfig\":{\"BlkioDeviceWriteIOps\":[{\"Path\":\"/dev/sda\",\"Rate\":-5}]}}",
                        ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number -1 into Go struct field HostConfig.HostConfig.IOMaximumBandwidth of type uint64",
                refused("{\"HostConfig\":{\"IOMaximumBandwidth\":-1}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number -1 into Go struct field HostConfig.HostConfig.ConsoleSize of type uint",
                refused("{\"HostConfig\":{\"ConsoleSize\":[-1,80]}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number -1 into Go struct field TmpfsOptions.HostConfig.Mounts.TmpfsOptions.Mode of type "
                + "fs.FileMode", refused("{\"HostConfig\":{\"Mounts\":[{\"Type\":\"tmpfs\",\"Target\":\"/t\","
                        + "\"TmpfsOptions\":{\"Mode\":-1}}]}}", ContainerCreateRequest.class).getMessage());
        assertEquals(p + "number 70000 into Go struct field UpdateConfig.BlkioWeight of type uint16",
                refused("{\"BlkioWeight\":70000}", dev.jdock.api.types.container.ContainerUpdateRequest.class)
                        .getMessage());
        assertEquals(p + "number -1 into Go struct field ExecOptions.ConsoleSize of type uint",
                refused("{\"Cmd\":[\"sh\"],\"ConsoleSize\":[-1,80]}", dev.jdock.api.types.exec.ExecConfig.class)
                        .getMessage());
        assertEquals(p + "number -1 into Go struct field ExecStartOptions.ConsoleSize of type uint",
                refused("{\"ConsoleSize\":[24,-1]}", dev.jdock.api.types.exec.ExecStartRequest.class).getMessage());
        // the bounds themselves are taken
        ContainerCreateRequest ok = read("{\"HostConfig\":{\"BlkioWeight\":65535,\"IOMaximumIOps\":0,"
                + "\"ConsoleSize\":[0,0],\"BlkioWeightDevice\":[{\"Path\":\"/dev/sda\",\"Weight\":0}]}}",
                ContainerCreateRequest.class);
        assertEquals(65535, ok.hostConfig().blkioWeight());
    }
}
