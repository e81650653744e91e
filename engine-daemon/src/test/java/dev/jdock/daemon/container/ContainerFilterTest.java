package dev.jdock.daemon.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.jdock.api.types.container.ContainerConfig;
import dev.jdock.api.types.container.HostConfig;
import dev.jdock.daemon.api.Filters;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ContainerFilterTest {
    @TempDir
    Path root;

    private void refused(String filters, String message) {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        EngineException e = assertThrows(EngineException.class,
                () -> new ContainerFilter(Filters.parse(filters), store));
        assertEquals(ErrorKind.SYSTEM, e.kind(), "moby returns these errors unwrapped: 500");
        assertEquals(message, e.getMessage());
    }

    @Test
    void exited_takesStrconvAtoi_elseItsError() {
        refused("{\"exited\":[\"x\"]}", "strconv.Atoi: parsing \"x\": invalid syntax");
        refused("{\"exited\":[\"99999999999999999999\"]}",
                "strconv.Atoi: parsing \"99999999999999999999\": value out of range");
        assertDoesNotThrow(() -> new ContainerFilter(Filters.parse("{\"exited\":[\"0\",\"-1\",\"+3\"]}"),
                new ContainerStore(root.resolve("containers"))));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "expose|bad/proto|error while looking up for expose bad/proto: strconv.ParseUint: parsing \"bad\": invalid "
                + "syntax",
        "publish|80:80|filter for 'publish' should not contain ':': 80:80",
        "publish|70000|error while looking up for publish 70000: strconv.ParseUint: parsing \"70000\": value out of "
                + "range",
        "expose|90-80/tcp|error while looking up for expose 90-80/tcp: invalid range specified for port: 90-80",
        "expose|/udp|error while looking up for expose /udp: empty string specified for ports",
        "publish|+80|error while looking up for publish +80: strconv.ParseUint: parsing \"+80\": invalid syntax",
        "publish|-80|error while looking up for publish -80: strconv.ParseUint: parsing \"\": invalid syntax",
        "expose|70000x/udp|error while looking up for expose 70000x/udp: strconv.ParseUint: parsing \"70000x\": "
                + "value out of range"})
    void publishAndExpose_asMobysPortOp(String key, String value, String message) {
        refused("{\"" + key + "\":[\"" + value + "\"]}", message);
    }

    @Test
    void publishAndExpose_wellFormedValuesPass() {
        assertDoesNotThrow(() -> new ContainerFilter(Filters.parse(
                "{\"publish\":[\"80\",\"8000-8080/udp\"],\"expose\":[\"443/tcp\",\"80/\"]}"),
                new ContainerStore(root.resolve("containers"))));
    }

    /**
     * moby's idOrNameFilter: before and since take a full ID or a name; a short ID is the view's 500 {@code no such
     * container X} (dockerd 20.10 beside jdockd), as a missing one; isolation is accepted and matches all.
     */
    @Test
    void beforeAndSince_fullIdOrName_elseMobysPlainError() {
        ContainerStore store = new ContainerStore(root.resolve("containers"));
        Container a = store.add(record("a", "2024-01-01T00:00:00Z"));
        Container b = store.add(record("b", "2024-01-02T00:00:00Z"));
        for (String ref : List.of("a".repeat(64), "na", "/na")) {
            ContainerFilter f = new ContainerFilter(Filters.parse("{\"before\":[\"" + b.id() + "\"],\"since\":[\""
                    + ref + "\"]}"), store);
            assertEquals(false, f.matches(a), ref);
            f = new ContainerFilter(Filters.parse("{\"before\":[\"nb\"]}"), store);
            assertEquals(true, f.matches(a));
        }
        refused("{\"before\":[\"" + "a".repeat(12) + "\"]}", "no such container " + "a".repeat(12));
        refused("{\"since\":[\"nosuch\"]}", "no such container nosuch");
        // every value is resolved: one unknown among known ones fails the list, as moby's WalkValues does
        EngineException one = assertThrows(EngineException.class,
                () -> new ContainerFilter(Filters.parse("{\"since\":[\"na\",\"nosuch\"]}"), store));
        assertEquals("no such container nosuch", one.getMessage());
        // dockerd 20.10: since=<12 hex of an existing container> and since=/<full ID> are that same 500
        for (String ref : List.of("a".repeat(12), "/" + a.id())) {
            EngineException e = assertThrows(EngineException.class,
                    () -> new ContainerFilter(Filters.parse("{\"since\":[\"" + ref + "\"]}"), store));
            assertEquals("no such container " + ref, e.getMessage());
            assertEquals(ErrorKind.SYSTEM, e.kind());
        }
        ContainerFilter iso = new ContainerFilter(Filters.parse("{\"isolation\":[\"hyperv\"]}"), store);
        assertEquals(true, iso.matches(a) && iso.matches(b), "moby on Linux: isolation matches every container");
    }

    private static ContainerRecord record(String letter, String created) {
        return new ContainerRecord(letter.repeat(64), "n" + letter, created, "sh", List.of(),
                "sha256:" + "b".repeat(64), ContainerConfig.builder().build(), HostConfig.builder().build());
    }
}
