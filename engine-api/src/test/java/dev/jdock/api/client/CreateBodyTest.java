package dev.jdock.api.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerCreateResponse;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.api.types.container.WaitResponse;
import java.io.IOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CreateBodyTest {
    /** A filled request (every component of every nested record set), written by both: byte for byte the same. */
    @Test
    void filledRequest_isWrittenExactlyAsTheMapperWritesIt() throws Exception {
        ContainerCreateRequest req = (ContainerCreateRequest) instance(ContainerCreateRequest.class, true, 0);
        assertNotNull(req);
        assertNotNull(req.hostConfig().mounts().get(0).volumeOptions().driverConfig(), "the filler reaches deep");
        assertSame(req);
    }

    /** Every component null or zero: the NON_NULL ones are left out, the others written as null, as the mapper does. */
    @Test
    void emptyRequest_andEmptyHostConfig_matchTheMapper() throws Exception {
        ContainerCreateRequest empty = (ContainerCreateRequest) instance(ContainerCreateRequest.class, false, 0);
        assertNotNull(empty);
        assertSame(empty);
        assertSame(ContainerCreateRequest.builder().image("busybox").cmd(List.of("true"))
                .hostConfig(HostConfig.builder().autoRemove(true).build()).build());
    }

    /** One component set at a time: each line of the writer is exercised alone (order and inclusion). */
    @Test
    void eachTopLevelComponentAlone_matchesTheMapper() throws Exception {
        RecordComponent[] rcs = ContainerCreateRequest.class.getRecordComponents();
        for (int only = 0; only < rcs.length; only++) {
            Object[] args = new Object[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                args[i] = instance(rcs[i].getGenericType(), i == only, 1);
                if (args[i] == null && rcs[i].getType().isPrimitive()) {
                    args[i] = zero(rcs[i].getType());
                }
            }
            assertSame((ContainerCreateRequest) canonical(ContainerCreateRequest.class).newInstance(args));
        }
    }

    @Test
    void readCreated_takesIdAndWarnings_skippingUnknownNames() throws Exception {
        assertEquals(new ContainerCreateResponse("abc", List.of("w1")), CreateBody.readCreated(
                bytes("{\"New\":{\"x\":[1,{\"y\":2}]},\"Id\":\"abc\",\"Warnings\":[\"w1\"]}")));
        assertEquals(new ContainerCreateResponse("abc", null),
                CreateBody.readCreated(bytes("{\"Id\":\"abc\",\"Warnings\":null}")));
        assertEquals("", CreateBody.readCreated(bytes("{}")).id(), "the record's compact constructor still runs");
        assertThrows(IOException.class, () -> CreateBody.readCreated(bytes("[]")));
    }

    @Test
    void readWait_takesStatusAndError() throws Exception {
        assertEquals(new WaitResponse(137, new WaitResponse.WaitError("gone")),
                CreateBody.readWait(bytes("{\"StatusCode\":137,\"Error\":{\"Message\":\"gone\",\"X\":1}}")));
        WaitResponse ok = CreateBody.readWait(bytes("{\"Error\":null,\"StatusCode\":0}"));
        assertEquals(0, ok.statusCode());
        assertNull(ok.error());
    }

    private static void assertSame(ContainerCreateRequest req) throws IOException {
        assertEquals(new String(Json.mapper().writeValueAsBytes(req), StandardCharsets.UTF_8),
                new String(CreateBody.toJson(req), StandardCharsets.UTF_8));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Object zero(Class<?> c) {
        return c == boolean.class ? Boolean.FALSE : c == long.class ? (Object) 0L : c == int.class ? (Object) 0 : 0.0;
    }

    private static Constructor<?> canonical(Class<?> raw) throws NoSuchMethodException {
        RecordComponent[] rcs = raw.getRecordComponents();
        Class<?>[] params = new Class<?>[rcs.length];
        for (int i = 0; i < rcs.length; i++) {
            params[i] = rcs[i].getType();
        }
        Constructor<?> c = raw.getDeclaredConstructor(params);
        c.setAccessible(true);
        return c;
    }

    /** A value of {@code type}: every component set (strings with characters that need escaping), or all zero. */
    private static Object instance(Type type, boolean full, int depth) {
        Class<?> raw = type instanceof ParameterizedType pt ? (Class<?>) pt.getRawType() : (Class<?>) type;
        if (raw == String.class) {
            return full ? "s \"q\" \\ \n é ☃" + depth : null;
        }
        if (raw == long.class || raw == Long.class) {
            return full ? (Long) 9_007_199_254_740_993L : raw.isPrimitive() ? (Long) 0L : null;
        }
        if (raw == int.class || raw == Integer.class) {
            return full ? (Integer) (-42) : raw.isPrimitive() ? (Integer) 0 : null;
        }
        if (raw == boolean.class || raw == Boolean.class) {
            return full ? Boolean.TRUE : raw.isPrimitive() ? Boolean.FALSE : null;
        }
        if (raw == double.class || raw == Double.class) {
            return full ? (Double) 12.5 : raw.isPrimitive() ? (Double) 0.0 : null;
        }
        if (raw == Object.class) {
            return full ? Map.of() : null;
        }
        if ((!full && !(raw.isRecord() && depth == 0)) || depth > 10) {
            return null;
        }
        if (raw == List.class) {
            Object e = instance(((ParameterizedType) type).getActualTypeArguments()[0], true, depth + 1);
            return e == null ? List.of() : List.of(e);
        }
        if (raw == Map.class) {
            Object v = instance(((ParameterizedType) type).getActualTypeArguments()[1], true, depth + 1);
            return v == null ? Map.of() : Map.of("k/tcp", v);
        }
        if (raw.isRecord()) {
            RecordComponent[] rcs = raw.getRecordComponents();
            Object[] args = new Object[rcs.length];
            for (int i = 0; i < rcs.length; i++) {
                args[i] = instance(rcs[i].getGenericType(), full, depth + 1);
            }
            try {
                return canonical(raw).newInstance(args);
            } catch (ReflectiveOperationException e) {
                throw new AssertionError("cannot build " + raw.getName(), e);
            }
        }
        return null;
    }
}
