package dev.jdock.daemon.system;

import dev.jdock.api.types.system.IndexInfo;
import dev.jdock.api.types.system.RegistryConfig;
import io.netty.util.NetUtil;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The {@code RegistryConfig} of /info from the daemon's {@code registry-mirrors} and {@code insecure-registries},
 * shaped as dockerd reports it: CIDR entries (plus the loopback ranges, always insecure) in InsecureRegistryCIDRs,
 * host[:port] entries as insecure IndexConfigs, and docker.io as the official index carrying the mirrors.
 */
public final class RegistryInfo {
    static final String INDEX_NAME = "docker.io";
    private static final List<String> ALWAYS_INSECURE = List.of("::1/128", "127.0.0.0/8");

    private RegistryInfo() {
    }

    public static RegistryConfig of(List<String> mirrors, List<String> insecure) {
        List<String> normalizedMirrors = mirrors.stream().map(m -> m.endsWith("/") ? m : m + "/").toList();
        Set<String> cidrs = new LinkedHashSet<>();
        Map<String, IndexInfo> indexes = new TreeMap<>();
        List<String> all = new ArrayList<>(insecure);
        all.addAll(ALWAYS_INSECURE);
        for (String entry : all) {
            String r = stripScheme(entry.trim());
            if (r.isEmpty()) {
                continue;
            }
            if (isCidr(r)) {
                cidrs.add(r.toLowerCase(Locale.ROOT));
            } else {
                indexes.put(r, new IndexInfo(r, List.of(), false, false));
            }
        }
        indexes.put(INDEX_NAME, new IndexInfo(INDEX_NAME, normalizedMirrors, true, true));
        return new RegistryConfig(List.copyOf(cidrs), indexes, normalizedMirrors);
    }

    private static String stripScheme(String r) {
        String lower = r.toLowerCase(Locale.ROOT);
        String s = lower.startsWith("http://") ? r.substring(7) : lower.startsWith("https://") ? r.substring(8) : r;
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    private static boolean isCidr(String r) {
        int slash = r.indexOf('/');
        if (slash < 0 || !NetUtil.isValidIpV4Address(r.substring(0, slash))
                && !NetUtil.isValidIpV6Address(r.substring(0, slash))) {
            return false;
        }
        try {
            int bits = Integer.parseInt(r.substring(slash + 1));
            return bits >= 0 && bits <= (r.indexOf(':') >= 0 ? 128 : 32);
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
