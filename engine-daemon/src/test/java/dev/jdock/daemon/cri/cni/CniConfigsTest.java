package dev.jdock.daemon.cri.cni;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which network /etc/cni/net.d names, as libcni and containerd pick it, and what makes a file invalid. */
class CniConfigsTest {
    private static final String LIST = "{\"cniVersion\":\"1.0.0\",\"name\":\"%s\",\"plugins\":[{\"type\":\"bridge\"}]}";

    @TempDir
    Path dir;

    private CniConfigs.Selection load() {
        return new CniConfigs(dir).load();
    }

    private void write(String name, String content) throws IOException {
        Files.writeString(dir.resolve(name), content);
    }

    @Test
    void theFirstFileInLexicalOrderWins_whateverItsExtension() throws IOException {
        write("20-b.conflist", LIST.formatted("b"));
        write("10-a.json", "{\"cniVersion\":\"0.4.0\",\"name\":\"a\",\"type\":\"ptp\"}");
        write("05-ignored.txt", LIST.formatted("txt"));
        CniConfigs.Selection s = load();
        assertEquals("a", s.network().orElseThrow().name());
        assertEquals(dir.resolve("10-a.json"), s.file());
        assertEquals(List.of(), s.skipped());
    }

    @Test
    void aConf_becomesAOnePluginList_keepingItsFields() throws IOException {
        write("10-a.conf", "{\"cniVersion\":\"0.3.1\",\"name\":\"a\",\"type\":\"bridge\",\"bridge\":\"x0\"}");
        NetworkConfigList n = load().network().orElseThrow();
        assertEquals("0.3.1", n.cniVersion());
        assertEquals(1, n.plugins().size());
        assertEquals("bridge", n.plugins().get(0).type());
        assertEquals("x0", n.plugins().get(0).raw().get("bridge").asText());
        assertEquals("a", n.raw().get("name").asText());
        assertFalse(n.hasCheck());
    }

    @Test
    void invalidFiles_areSkippedWithTheReason_andTheNextValidOneIsUsed() throws IOException {
        write("01-garbage.conflist", "{not json");
        write("02-noname.conflist", "{\"cniVersion\":\"1.0.0\",\"plugins\":[{\"type\":\"bridge\"}]}");
        write("03-badname.conflist", LIST.formatted("../etc"));
        write("04-version.conflist", LIST.formatted("v").replace("1.0.0", "0.2.0"));
        write("05-noplugins.conflist", "{\"cniVersion\":\"1.0.0\",\"name\":\"p\",\"plugins\":[]}");
        write("06-type.conflist", LIST.formatted("t").replace("bridge", "../../bin/sh"));
        write("07-list-in-conf.conf", LIST.formatted("l"));
        write("08-notype.conf", "{\"cniVersion\":\"1.0.0\",\"name\":\"n\"}");
        write("09-check.conflist", LIST.formatted("c").replace("\"plugins\"", "\"disableCheck\":3,\"plugins\""));
        Files.createDirectory(dir.resolve("10-dir.conflist"));
        Files.write(dir.resolve("11-huge.conflist"), new byte[CniConfigs.MAX_FILE_BYTES + 1]);
        write("12-good.conflist", LIST.formatted("good")
                .replace("\"plugins\"", "\"disableCheck\":\"true\",\"plugins\""));
        CniConfigs.Selection s = load();
        NetworkConfigList n = s.network().orElseThrow();
        assertEquals("good", n.name());
        assertTrue(n.disableCheck());
        List<String> skipped = s.skipped();
        assertEquals(10, skipped.size(), skipped.toString());
        assertTrue(skipped.get(0).startsWith("01-garbage.conflist: invalid JSON"), skipped.get(0));
        assertEquals("02-noname.conflist: missing name", skipped.get(1));
        assertEquals("03-badname.conflist: invalid network name \"../etc\"", skipped.get(2));
        assertEquals("04-version.conflist: unsupported cniVersion \"0.2.0\" (supported: 0.3.0 to 1.1.0)",
                skipped.get(3));
        assertEquals("05-noplugins.conflist: no plugins in network \"p\"", skipped.get(4));
        assertEquals("06-type.conflist: plugin 0: invalid type \"../../bin/sh\"", skipped.get(5));
        assertEquals("07-list-in-conf.conf: a .conf holds one plugin; a list of plugins belongs in a .conflist",
                skipped.get(6));
        assertEquals("08-notype.conf: missing type", skipped.get(7));
        assertEquals("09-check.conflist: disableCheck must be true or false", skipped.get(8));
        assertEquals("11-huge.conflist: larger than " + CniConfigs.MAX_FILE_BYTES + " bytes", skipped.get(9));
    }

    @Test
    void noDirectory_orNoValidFile_isNoNetwork_withTheReasonsInTheError() throws IOException {
        assertTrue(new CniConfigs(dir.resolve("missing")).load().network().isEmpty());
        write("10-a.conflist", "[]");
        CniConfigs.Selection s = load();
        assertTrue(s.network().isEmpty());
        CniException e = org.junit.jupiter.api.Assertions.assertThrows(CniException.class, () -> s.require(dir));
        assertEquals("cni plugin not initialized: no network config found in " + dir
                + " (10-a.conflist: not a JSON object)", e.getMessage());
        assertTrue(new CniConfigs(dir).hasAnyConfigFile());
    }

    @Test
    void capabilities_areReadPerPlugin() throws IOException {
        write("10-a.conflist", "{\"cniVersion\":\"1.0.0\",\"name\":\"a\",\"plugins\":[{\"type\":\"bridge\"},"
                + "{\"type\":\"portmap\",\"capabilities\":{\"portMappings\":true,\"bandwidth\":false}}]}");
        NetworkConfigList n = load().network().orElseThrow();
        assertFalse(n.plugins().get(0).wants("portMappings"));
        assertTrue(n.plugins().get(1).wants("portMappings"));
        assertFalse(n.plugins().get(1).wants("bandwidth"));
        assertTrue(n.hasCheck());
    }
}
