package dev.jdock.daemon.logging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.daemon.errors.EngineException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The attrs objects and tags below are what dockerd 20.10 wrote into its json-file lines for the same options. */
class LogAttrsTest {
    private static final LogTag.Info INFO = new LogTag.Info(
            "b93a949b757f9fd624b76fdbd9c994691961c83b14591e9d80d4d245f8bd39f3", "/b1",
            "sha256:6b0d620a3f3a0a8b1f8c2b7d4b0e7c7a6e0f1f6a7c2e3d1b9a8f7e6d5c4b3a21", "busybox", "echo",
            List.of("out1"), "host1");
    private static final List<String> ENV = List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "A=1", "B", "E=env");

    private static String json(Map<String, String> opts, Map<String, String> labels, List<String> env) {
        return LogAttrs.json(opts, labels, env, INFO);
    }

    @Test
    void namedLabelsAndEnv_thatExist_sortedByKey() {
        assertEquals("{\"A\":\"1\",\"L\":\"2\"}", json(Map.of("labels", "L", "env", "A"), Map.of("L", "2"), ENV));
        // B has no value (not in the environment), X and Y do not exist, the empty name is nobody's
        assertEquals("{\"M\":\"\"}", json(Map.of("labels", ",X,M", "env", "B,Y"), Map.of("M", "", "L", "2"), ENV));
    }

    @Test
    void nothingMatching_isNoAttrsAtAll() {
        assertEquals("", json(Map.of("labels", "X", "env", "Y", "tag", ""), Map.of("L", "2"), ENV));
        assertEquals("", json(Map.of("max-size", "1k"), Map.of("L", "2"), ENV));
    }

    @Test
    void regexForms_findAnywhere_andEnvReplacesALabelOfTheSameName() {
        assertEquals("{\"A\":\"1\",\"L\":\"2\",\"LL\":\"3\",\"PATH\":\"/usr/local/sbin:/usr/local/bin:/usr/sbin"
                + ":/usr/bin:/sbin:/bin\"}", json(Map.of("labels-regex", "^L", "env-regex", "^(A|PATH)$"),
                        Map.of("L", "2", "LL", "3", "XL", "4"), ENV));
        assertEquals("{\"E\":\"env\"}", json(Map.of("labels", "E", "env", "E"), Map.of("E", "lab"), ENV));
        assertEquals("{\"A\":\"3\"}", json(Map.of("env", "A"), Map.of(), List.of("A=1", "A=3")));
        assertEquals("{\"Lx\":\"1\"}", json(Map.of("labels-regex", "(?P<n>x)"), Map.of("Lx", "1", "L", "2"), ENV));
    }

    @Test
    void badRegex_failsTheStart_butNotTheCreate() {
        EngineException e = assertThrows(EngineException.class,
                () -> json(Map.of("labels-regex", "("), Map.of("L", "2"), ENV));
        assertEquals("failed to initialize logging driver: error parsing regexp: missing closing ): `(`",
                e.getMessage());
        assertEquals("failed to initialize logging driver: error parsing regexp: unexpected ): `a)`",
                assertThrows(EngineException.class, () -> json(Map.of("env-regex", "a)"), Map.of(), ENV)).getMessage());
        LogAttrs.checkSize(Map.of("labels-regex", "(", "tag", "{{.Bad"), Map.of("L", "2"), ENV, INFO);
    }

    /** dockerd's logs of a container whose start failed so: 500, the driver's words without the start's prefix. */
    @Test
    void badRegexOrTag_failsALogRead_withTheDriversOwnWords() {
        EngineException e = assertThrows(EngineException.class,
                () -> LogAttrs.checkLogger(Map.of("labels-regex", "("), Map.of("L", "2"), ENV, INFO));
        assertEquals(dev.jdock.daemon.errors.ErrorKind.SYSTEM, e.kind());
        assertEquals("error parsing regexp: missing closing ): `(`", e.getMessage());
        e = assertThrows(EngineException.class,
                () -> LogAttrs.checkLogger(Map.of("env-regex", "a)"), Map.of(), ENV, INFO));
        assertEquals("error parsing regexp: unexpected ): `a)`", e.getMessage());
        e = assertThrows(EngineException.class,
                () -> LogAttrs.checkLogger(Map.of("tag", "{{.Bad"), Map.of(), ENV, INFO));
        assertEquals(dev.jdock.daemon.errors.ErrorKind.SYSTEM, e.kind());
        assertEquals(false, e.getMessage().startsWith("failed to initialize"), e.getMessage());
        LogAttrs.checkLogger(Map.of("labels-regex", "^L", "tag", "{{.Name}}"), Map.of("L", "2"), ENV, INFO);
        LogAttrs.checkLogger(Map.of("labels", "L"), Map.of("L", "x".repeat(70_000)), ENV, INFO); // jdock's bound
    }

    @Test
    void goEscaping_htmlToo_andValuesWithEquals() {
        assertEquals("{\"A\":\"x=y\",\"L\":\"a b\\u0026\\u003c\\u003e\\\"=,%é\",\"M\":\"\"}",
                json(Map.of("labels", "L,M", "env", "A"), Map.of("L", "a b&<>\"=,%é", "M", ""), List.of("A=x=y")));
        assertEquals("{\"E\":\"a\\\"b\\\\c\\n\\t\\r\\u0001\\u2028😀\"}",
                json(Map.of("env", "E"), Map.of(), List.of("E=a\"b\\c\n\t\r\u0001\u2028😀")));
        assertEquals("{\"E\":\"\\ufffd\"}", json(Map.of("env", "E"), Map.of(), List.of("E=\ud800")));
    }

    /** Go sorts by bytes: U+FF21 (3 bytes) before U+1F600 (4 bytes), where Java's UTF-16 order has it after. */
    @Test
    void keysInGoOrder() {
        assertEquals("{\"Ａ\":\"1\",\"😀\":\"2\"}",
                json(Map.of("labels-regex", "."), Map.of("😀", "2", "Ａ", "1"), ENV));
    }

    @Test
    void tag_isAnAttr_overALabelNamedTag() {
        assertEquals("{\"L\":\"2\",\"tag\":\"b1\"}", json(Map.of("labels", "L", "tag", "{{.Name}}"), Map.of("L", "2"),
                ENV));
        assertEquals("{\"tag\":\"plain\"}", json(Map.of("labels", "tag", "tag", "plain"), Map.of("tag", "lab"), ENV));
        assertEquals("b93a949b757f b93a949b757f9fd624b76fdbd9c994691961c83b14591e9d80d4d245f8bd39f3 b1 sha256:6b0d6 "
                + "busybox docker echo out1", LogTag.expand("{{.ID}} {{.FullID}} {{.Name}} {{.ImageID}} "
                        + "{{.ImageName}} {{.DaemonName}} {{ .Command }}", INFO));
        assertEquals("", LogTag.expand("", INFO));
        assertEquals("failed to initialize logging driver: template: log-tag:1: unclosed action",
                assertThrows(EngineException.class, () -> LogTag.expand("{{.Bad", INFO)).getMessage());
        assertThrows(EngineException.class, () -> LogTag.expand("{{.Name | upper}}", INFO));
    }

    @Test
    void attrsOver64KiB_areRefused_atCreateToo() {
        String big = "A=" + "é".repeat(32 * 1024);
        String want = "log attrs of 65544 bytes (from log-opt labels, env, their regex forms and tag) exceed the 65536"
                + " bytes allowed";
        assertEquals(want, assertThrows(EngineException.class,
                () -> json(Map.of("env", "A"), Map.of(), List.of(big))).getMessage());
        assertEquals(want, assertThrows(EngineException.class,
                () -> LogAttrs.checkSize(Map.of("env", "A"), Map.of(), List.of(big), INFO)).getMessage());
        assertEquals(65536, json(Map.of("env", "A"), Map.of(), List.of("A=" + big.substring(6))).getBytes(
                java.nio.charset.StandardCharsets.UTF_8).length);
    }
}
