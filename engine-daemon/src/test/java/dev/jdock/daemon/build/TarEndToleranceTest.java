package dev.jdock.daemon.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;

class TarEndToleranceTest {
    private static Map<String, String> read(InputStream in) throws IOException {
        Map<String, String> out = new LinkedHashMap<>();
        try (TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            TarArchiveEntry e;
            while ((e = t.getNextEntry()) != null) {
                out.put(e.getName(), new String(t.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return out;
    }

    private static byte[] tar() throws IOException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("Dockerfile", "FROM busybox\n");
        files.put(".dockerignore", "x\ny\n");
        return BuilderTest.tar(files);
    }

    /** The length of the tar up to the end of its last entry's data (what the docker CLI sends for -f -). */
    private static int endOfLastData(byte[] tar) {
        return 512 + 512 + 512 + "x\ny\n".length();
    }

    @Test
    void aTarCutRightAfterItsLastData_readsWhole() throws IOException {
        byte[] full = tar();
        byte[] cut = Arrays.copyOf(full, endOfLastData(full));
        assertThrows(IOException.class, () -> read(new ByteArrayInputStream(cut)), "commons-compress alone fails");
        assertEquals(Map.of("Dockerfile", "FROM busybox\n", ".dockerignore", "x\ny\n"),
                read(new TarEndTolerance(new ByteArrayInputStream(cut))));
    }

    @Test
    void aTarCutAtAnEntryBoundary_orWhole_readsWhole() throws IOException {
        byte[] full = tar();
        assertEquals(2, read(new TarEndTolerance(new ByteArrayInputStream(full))).size());
        byte[] oneEntry = Arrays.copyOf(full, 1024);
        assertEquals(List.of("Dockerfile"),
                new ArrayList<>(read(new TarEndTolerance(new ByteArrayInputStream(oneEntry))).keySet()));
    }

    @Test
    void aTarCutInsideDataOrAHeader_getsNothingAdded() throws IOException {
        byte[] full = tar();
        for (int cut : new int[] {512 + 5, 1024 + 100, 100}) {
            byte[] part = Arrays.copyOf(full, cut);
            assertEquals(cut, new TarEndTolerance(new ByteArrayInputStream(part)).readAllBytes().length,
                    "cut at " + cut + " stays truncated");
        }
    }

    @Test
    void aTarCutAfterData_getsPaddingAndTheTwoZeroBlocks_byReadsOrSkips() throws IOException {
        byte[] full = tar();
        byte[] cut = Arrays.copyOf(full, endOfLastData(full));
        assertEquals(512 * 4 + 1024, new TarEndTolerance(new ByteArrayInputStream(cut)).readAllBytes().length);
        TarEndTolerance skipping = new TarEndTolerance(new ByteArrayInputStream(cut));
        assertEquals(512 * 4 + 1024, skipping.skip(1 << 20));
    }
}
