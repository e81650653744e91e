package dev.jdock.daemon.network;

import dev.jdock.api.types.network.IpamConfig;
import dev.jdock.daemon.errors.EngineException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * moby's network.ValidateIPAM (api/types/network/ipam.go), checked before the network is made: each pool's subnet
 * (netip.ParsePrefix's strict form, masked), ip-range (inside the subnet, not bigger, masked), gateway and
 * auxiliary addresses (in the subnet, of its family); every error found, joined, in one 400
 * ({@code invalid network config:\n...}). IPv6 pools are checked only when IPv6 is enabled, as moby's.
 */
final class IpamChecks {
    private IpamChecks() {
    }

    static void validate(List<IpamConfig> pools, boolean enableIpv6) {
        List<String> errs = new ArrayList<>();
        for (IpamConfig cfg : pools == null ? List.<IpamConfig>of() : pools) {
            String s = cfg.subnet() == null ? "" : cfg.subnet();
            Prefix subnet = Prefix.parse(s);
            if (subnet == null) {
                errs.add("invalid subnet " + s + ": invalid CIDR block notation");
                continue;
            }
            if (subnet.v6() && !enableIpv6) {
                continue;
            }
            if (!subnet.isMasked()) {
                errs.add("invalid subnet " + subnet + ": it should be " + subnet.masked());
            }
            ipRange(cfg.ipRange(), subnet, errs);
            address(cfg.gateway(), subnet).ifPresent(e -> errs.add("invalid gateway " + cfg.gateway() + ": " + e));
            Map<String, String> aux = new TreeMap<>(cfg.auxiliaryAddresses() == null ? Map.of()
                    : cfg.auxiliaryAddresses());
            aux.forEach((name, a) -> address(a, subnet)
                    .ifPresent(e -> errs.add("invalid auxiliary address " + name + ": " + e)));
        }
        if (errs.isEmpty()) {
            return;
        }
        throw EngineException.invalid("invalid network config:\n"
                + (errs.size() == 1 ? errs.get(0).strip() : "* " + String.join("\n* ", errs)));
    }

    private static void ipRange(String r, Prefix subnet, List<String> errs) {
        if (r == null || r.isEmpty()) {
            return;
        }
        Prefix p = Prefix.parse(r);
        if (p == null) {
            errs.add("invalid ip-range " + r + ": invalid CIDR block notation");
        } else if (p.v6() != subnet.v6()) {
            errs.add("invalid ip-range " + r + ": parent subnet is an " + subnet.family() + " block");
        } else {
            if (p.bits() < subnet.bits()) {
                errs.add("invalid ip-range " + r + ": CIDR block is bigger than its parent subnet " + subnet);
            }
            if (!p.isMasked()) {
                errs.add("invalid ip-range " + p + ": it should be " + p.masked());
            }
            if (!subnet.overlaps(p)) {
                errs.add("invalid ip-range " + r + ": parent subnet " + subnet + " doesn't contain ip-range");
            }
        }
    }

    private static java.util.Optional<String> address(String a, Prefix subnet) {
        if (a == null || a.isEmpty()) {
            return java.util.Optional.empty();
        }
        byte[] addr = Prefix.parseAddr(a);
        if (addr == null) {
            return java.util.Optional.of("invalid address");
        }
        if ((addr.length == 16) != subnet.v6()) {
            return java.util.Optional.of("parent subnet is an " + subnet.family() + " block");
        }
        if (!subnet.contains(addr)) {
            return java.util.Optional.of("parent subnet " + subnet + " doesn't contain this address");
        }
        return java.util.Optional.empty();
    }

    /** netip.Prefix: an address (4 or 16 bytes) and a prefix length, kept unmasked as given. */
    record Prefix(byte[] addr, int bits, String text) {
        static Prefix parse(String s) {
            int slash = s.lastIndexOf('/');
            if (slash < 0) {
                return null;
            }
            String b = s.substring(slash + 1);
            byte[] addr = parseAddr(s.substring(0, slash));
            if (addr == null || !b.matches("0|[1-9][0-9]{0,2}") || Integer.parseInt(b) > addr.length * 8) {
                return null;
            }
            return new Prefix(addr, Integer.parseInt(b), s.substring(0, slash));
        }

        /** netip.ParseAddr: dotted IPv4 without leading zeros, or IPv6 without a zone; null otherwise. */
        static byte[] parseAddr(String s) {
            if (s.matches("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]"
                    + "|[1-9]?[0-9])")) {
                return literal(s);
            }
            if (s.contains(":") && s.matches("[0-9A-Fa-f:.]+")) {
                byte[] b = literal(s);
                return b == null ? null : b.length == 16 ? b : v4mapped(b);
            }
            return null;
        }

        private static byte[] literal(String s) {
            try {
                return InetAddress.getByName(s).getAddress();
            } catch (UnknownHostException e) {
                return null;
            }
        }

        private static byte[] v4mapped(byte[] v4) {
            byte[] b = new byte[16];
            b[10] = (byte) 0xff;
            b[11] = (byte) 0xff;
            System.arraycopy(v4, 0, b, 12, 4);
            return b;
        }

        boolean v6() {
            return addr.length == 16;
        }

        String family() {
            return v6() ? "IPv6" : "IPv4";
        }

        byte[] maskedAddr() {
            byte[] m = addr.clone();
            for (int i = 0; i < m.length; i++) {
                int keep = Math.max(0, Math.min(8, bits - i * 8));
                m[i] &= (byte) (0xff << (8 - keep));
            }
            return m;
        }

        boolean isMasked() {
            return java.util.Arrays.equals(addr, maskedAddr());
        }

        String masked() {
            return format(maskedAddr()) + "/" + bits;
        }

        boolean contains(byte[] a) {
            return java.util.Arrays.equals(new Prefix(a, bits, "").maskedAddr(), maskedAddr());
        }

        boolean overlaps(Prefix o) {
            int min = Math.min(bits, o.bits);
            return java.util.Arrays.equals(new Prefix(addr, min, "").maskedAddr(),
                    new Prefix(o.addr, min, "").maskedAddr());
        }

        /** As Go's netip.Addr.String: dotted IPv4, RFC 5952 IPv6 (an IPv4-mapped one as ::ffff:a.b.c.d). */
        private static String format(byte[] a) {
            return a.length == 16 ? Ip6.of(a).toString() : io.netty.util.NetUtil.bytesToIpAddress(a);
        }

        @Override
        public String toString() {
            return text + "/" + bits;
        }
    }
}
