package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.jdock.api.Json;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.api.types.container.EndpointIpamConfig;
import dev.jdock.api.types.container.EndpointSettings;
import dev.jdock.api.types.container.MountPoint;
import dev.jdock.api.types.container.Port;
import java.lang.reflect.Constructor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link ContainerListJson} writes the bytes databind writes for the same list: on every component of the summary's
 * records, each filled (with strings that need escaping), null, empty, and with null elements.
 */
class ContainerListJsonTest {
    private static final String[] AWKWARD = {"plain", "quote \" back \\ slash", "tab\tline\nnul\u0000",
        "é ü 中文 \u2028 \ud83d\ude00", "</script>", ""};

    /** What the router answered before: {@code Exchange.json}, the bytes of writeValueAsBytes and a newline. */
    private static String databind(List<ContainerSummary> l) throws Exception {
        return new String(Json.mapper().writeValueAsBytes(l), StandardCharsets.UTF_8) + "\n";
    }

    private static String ours(List<ContainerSummary> l) {
        return new String(ContainerListJson.write(l), StandardCharsets.UTF_8);
    }

    @Test
    void everyFilledComponent_asDatabind() throws Exception {
        for (int seed = 0; seed < AWKWARD.length; seed++) {
            List<ContainerSummary> l = List.of(fill(ContainerSummary.class, Mode.FILLED, seed),
                    fill(ContainerSummary.class, Mode.FILLED, seed + 1));
            assertEquals(databind(l), ours(l));
        }
    }

    @Test
    void nullAndEmptyComponents_asDatabind() throws Exception {
        for (Mode m : Mode.values()) {
            List<ContainerSummary> l = List.of(fill(ContainerSummary.class, m, 0));
            assertEquals(databind(l), ours(l), m.toString());
        }
        assertEquals("[]\n", ours(List.of()));
        assertEquals(databind(List.of()), ours(List.of()));
    }

    @Test
    void zeroSizes_areLeftOut_asGosOmitempty_asDatabind() throws Exception {
        List<ContainerSummary> l = List.of(ContainerSummary.builder().id("abc").imageId("sha256:i")
                .names(List.of("/x")).sizeRw(0L).sizeRootFs(0L).build());
        assertEquals(databind(l), ours(l));
        org.junit.jupiter.api.Assertions.assertFalse(ours(l).contains("SizeRw"), ours(l));
        List<ContainerSummary> sized = List.of(l.get(0).toBuilder().sizeRw(0L).sizeRootFs(7L).build());
        assertEquals(databind(sized), ours(sized));
        org.junit.jupiter.api.Assertions.assertTrue(ours(sized).contains("\"SizeRootFs\":7"), ours(sized));
    }

    @Test
    void aContainerAsPsShowsIt_asDatabind() throws Exception {
        Map<String, EndpointSettings> nets = new LinkedHashMap<>();
        nets.put("none", EndpointSettings.builder().networkId("bcf2").build());
        nets.put("web", EndpointSettings.builder().networkId("aa").ipAddress("172.18.0.2").ipPrefixLen(16)
                .aliases(List.of("web", "w")).dnsNames(List.of("web", "f00")).ipamConfig(
                        new EndpointIpamConfig("172.18.0.2", null, null)).build());
        ContainerSummary s = ContainerSummary.builder().id("f00").names(List.of("/web")).image("busybox")
                .imageId("sha256:6b0d").command("sleep 3600").created(1_796_582_719L)
                .ports(List.of(new Port("0.0.0.0", 80, 8080, "tcp"), new Port(null, 53, null, "udp")))
                .labels(Map.of("a", "1")).state("running").status("Up 2 minutes")
                .hostConfig(new ContainerSummary.SummaryHostConfig("none", null))
                .networkSettings(new ContainerSummary.SummaryNetworkSettings(nets))
                .mounts(List.of(new MountPoint("volume", "v", "/var/lib/v", "/data", "local", "z", true, ""),
                        new MountPoint("bind", null, "/tmp", "/tmp", null, "", false, "rprivate")))
                .build();
        assertEquals(databind(List.of(s, s)), ours(List.of(s, s)));
    }

    @Test
    void everyUtf16Unit_andPairs_escapedAsJackson() throws Exception {
        StringBuilder all = new StringBuilder();
        for (int c = 0; c <= 0xFFFF; c++) {
            all.append((char) c);
            String one = "a" + (char) c + "b";
            List<ContainerSummary> l = List.of(ContainerSummary.builder().id(one).build());
            assertEquals(databind(l), ours(l), "U+" + Integer.toHexString(c));
        }
        java.util.Random rnd = new java.util.Random(14);
        for (int i = 0; i < 2_000; i++) {
            StringBuilder s = new StringBuilder();
            for (int k = rnd.nextInt(40); k > 0; k--) {
                s.appendCodePoint(rnd.nextInt(4) == 0 ? rnd.nextInt(0x110000) : rnd.nextInt(0x900));
            }
            String t = s.toString();
            List<ContainerSummary> l = List.of(ContainerSummary.builder().id(t).labels(Map.of(t, t)).build());
            assertEquals(databind(l), ours(l), t);
        }
        List<ContainerSummary> l = List.of(ContainerSummary.builder().id(all.toString()).command(all.toString())
                .build());
        assertEquals(databind(l), ours(l), "all of them in one string (buffer growth)");
    }

    enum Mode { FILLED, NULLS, EMPTY, NULL_ELEMENTS }

    /** A record of {@code type} with every component set by {@code mode}; nested records likewise. */
    private static <T> T fill(Class<T> type, Mode mode, int seed) throws Exception {
        RecordComponent[] rc = type.getRecordComponents();
        Object[] args = new Object[rc.length];
        for (int i = 0; i < rc.length; i++) {
            args[i] = value(rc[i].getGenericType(), mode, seed + i);
        }
        Constructor<T> c = type.getDeclaredConstructor(
                Arrays.stream(rc).map(RecordComponent::getType).toArray(Class<?>[]::new));
        return c.newInstance(args);
    }

    private static Object value(Type t, Mode mode, int seed) throws Exception {
        Class<?> raw = t instanceof ParameterizedType p ? (Class<?>) p.getRawType() : (Class<?>) t;
        if (raw == int.class) {
            return mode == Mode.FILLED ? 7 + seed : 0;
        }
        if (raw == long.class) {
            return mode == Mode.FILLED ? 1_796_582_719L * (seed + 1) : 0L;
        }
        if (raw == boolean.class) {
            return mode == Mode.FILLED && seed % 2 == 0;
        }
        if (mode == Mode.NULLS) {
            return null;
        }
        if (raw == Integer.class) {
            return -3 - seed;
        }
        if (raw == Long.class) {
            return 1L << (40 + seed % 20);
        }
        if (raw == String.class) {
            return mode == Mode.EMPTY ? "" : AWKWARD[seed % AWKWARD.length];
        }
        if (raw == List.class) {
            Type e = ((ParameterizedType) t).getActualTypeArguments()[0];
            List<Object> l = new ArrayList<>();
            if (mode == Mode.FILLED) {
                l.add(value(e, mode, seed + 1));
                l.add(value(e, mode, seed + 2));
            } else if (mode == Mode.NULL_ELEMENTS) {
                l.add(null);
                l.add(value(e, Mode.FILLED, seed));
            }
            return l;
        }
        if (raw == Map.class) {
            Type v = ((ParameterizedType) t).getActualTypeArguments()[1];
            Map<String, Object> m = new LinkedHashMap<>();
            if (mode == Mode.FILLED) {
                m.put("k" + AWKWARD[seed % AWKWARD.length], value(v, mode, seed + 1));
                m.put("b", value(v, mode, seed + 2));
            } else if (mode == Mode.NULL_ELEMENTS) {
                m.put("z", null);
                m.put("a", value(v, Mode.FILLED, seed));
            }
            return m;
        }
        if (raw.isRecord()) {
            return fill(raw, mode == Mode.EMPTY || mode == Mode.NULL_ELEMENTS ? mode : Mode.FILLED, seed);
        }
        throw new AssertionError("no test value for " + t + ": teach the test (and ContainerListJson) this type");
    }
}
