package dev.jdock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The huge page sizes of the host, named as runc names them for the hugetlb controller's files and cAdvisor labels
 * them ({@code hugepages-2048kB} in {@code /sys/kernel/mm/hugepages} is {@code 2MB}, {@code hugepages-1048576kB}
 * {@code 1GB}). Read once: the kernel's sizes do not change while it runs.
 */
final class HugePageSizes {
    private static final String[] UNITS = {"B", "KB", "MB", "GB", "TB", "PB"};
    /** More directories than any kernel has sizes: a bound on the listing. */
    private static final int MAX_SIZES = 64;

    private HugePageSizes() {
    }

    private static final class Host {
        static final List<String> SIZES = read(Path.of("/sys/kernel/mm/hugepages"));
    }

    /** This host's sizes (none without huge pages). */
    static List<String> host() {
        return Host.SIZES;
    }

    static List<String> read(Path dir) {
        List<String> names = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "hugepages-*kB")) {
            for (Path p : entries) {
                if (names.size() == MAX_SIZES) {
                    break;
                }
                names.add(p.getFileName().toString());
            }
        } catch (IOException e) {
            return List.of();
        }
        names.sort(null);
        return of(names);
    }

    /** {@code hugepages-<N>kB} names as runc's sizes; other names are skipped. */
    static List<String> of(List<String> dirNames) {
        List<String> out = new ArrayList<>();
        for (String n : dirNames) {
            if (!n.startsWith("hugepages-") || !n.endsWith("kB")) {
                continue;
            }
            long kb;
            try {
                kb = Long.parseLong(n.substring("hugepages-".length(), n.length() - 2));
            } catch (NumberFormatException e) {
                continue;
            }
            if (kb <= 0 || kb > Long.MAX_VALUE / 1024) {
                continue;
            }
            out.add(name(kb * 1024));
        }
        return out;
    }

    /** Bytes in units of 1024 as docker/go-units' CustomSize("%g%s") writes them: 2097152 is {@code 2MB}. */
    static String name(long bytes) {
        double v = bytes;
        int unit = 0;
        while (v >= 1024 && unit < UNITS.length - 1) {
            v /= 1024;
            unit++;
        }
        String num = v == Math.rint(v) ? Long.toString((long) v) : Double.toString(v);
        return num + UNITS[unit];
    }
}
