package dev.jdock.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** jdockd's own parser of a plain command line sets every field as picocli does, and leaves the rest to picocli. */
class JdockdPlainArgsTest {
    /** Every instance field of a Jdockd, by name. */
    private static Map<String, Object> fields(Jdockd j) throws Exception {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Field f : Jdockd.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers())) {
                f.setAccessible(true);
                Object v = f.get(j);
                out.put(f.getName(), v instanceof List ? new ArrayList<>((List<?>) v) : v);
            }
        }
        return out;
    }

    private static void sameAsPicocli(String... args) throws Exception {
        Jdockd byPicocli = new Jdockd();
        new CommandLine(byPicocli).parseArgs(args);
        Jdockd plain = new Jdockd();
        assertTrue(plain.parsePlain(args), Arrays.toString(args));
        assertEquals(fields(byPicocli), fields(plain), Arrays.toString(args));
    }

    @Test
    void plainLines_giveWhatPicocliGives() throws Exception {
        sameAsPicocli();
        sameAsPicocli("-H", "unix:///run/x.sock", "--data-root", "/var/lib/x", "--exec-root", "/run/x", "--pidfile",
                "/run/x.pid");
        sameAsPicocli("-H", "unix:///run/a.sock", "--host", "tcp://127.0.0.1:2375", "--host=fd://", "-p", "/p",
                "-l", "debug", "-D", "--live-restore");
        sameAsPicocli("--config-file=/etc/x.json", "--metrics-addr", "127.0.0.1:9323", "--log-format=json",
                "--log-level", "warn", "--debug");
        sameAsPicocli("--tls", "--tlsverify=false", "--tlscacert", "/c/ca.pem", "--tlscert=/c/cert.pem", "--tlskey",
                "/c/key.pem");
        sameAsPicocli("--cri=false", "--cri-socket", "unix:///run/k.sock", "--cni-conf-dir", "/x/net.d",
                "--cni-bin-dir=/y", "--userland-proxy=false");
        sameAsPicocli("--cri", "--userland-proxy", "--tls=true", "--tlsverify");
        sameAsPicocli("--cri-stream-address", "10.1.2.3:0", "--cri-stream-tlscert=/c.pem", "--cri-stream-tlskey",
                "/k.pem");
        sameAsPicocli("--userland-proxy", "-H", "unix:///a", "--cri");
        sameAsPicocli("--data-root", "x=y", "--exec-root=a=b");
        sameAsPicocli("--exec-opt", "native.cgroupdriver=systemd", "--exec-opt=foo=bar", "-H", "unix:///a");
    }

    @Test
    void everythingElse_goesToPicocli_withTheFieldsUntouched() throws Exception {
        Map<String, Object> untouched = fields(new Jdockd());
        String[][] lines = {{"--help"}, {"-h"}, {"--version"}, {"-V"}, {"-hV"}, {"--bogus"}, {"x"}, {"--"},
            {"--data-root"}, {"-H"}, {"--data-root", "-D"}, {"--data-root", ""}, {"--data-root="}, {"@args"},
            {"--data-root", "@x"}, {"-Hunix:///x"}, {"-H=unix:///x"}, {"-Dl", "debug"}, {"--debug=true"},
            {"-D", "-D"}, {"--live-restore", "--live-restore"}, {"--data-root", "/a", "--data-root", "/b"},
            {"-p", "/a", "--pidfile", "/b"}, {"--cri=maybe"}, {"--cri=TRUE"}, {"--cri="}, {"--cri", "false"},
            {"--cri", "--cri"}, {"--tls=false", "--tls"}, {"--Debug"}, {"--data"}, {"-d"}};
        for (String[] line : lines) {
            Jdockd j = new Jdockd();
            assertFalse(j.parsePlain(line), Arrays.toString(line));
            assertEquals(untouched, fields(j), Arrays.toString(line));
        }
    }

    @Test
    void aPicocliProperty_sendsTheLineToPicocli() {
        System.setProperty("picocli.trimQuotes", "true");
        try {
            assertFalse(new Jdockd().parsePlain(new String[] {"--data-root", "/x"}));
        } finally {
            System.clearProperty("picocli.trimQuotes");
        }
        assertTrue(new Jdockd().parsePlain(new String[] {"--data-root", "/x"}));
    }
}
