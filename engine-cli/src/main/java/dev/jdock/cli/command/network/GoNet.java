package dev.jdock.cli.command.network;

import java.util.Arrays;

/**
 * The parts of Go's {@code net} the docker CLI checks network create's addresses with: {@code ParseIP},
 * {@code ParseCIDR} and {@code IPNet.Contains}, on literals only (no name is ever looked up). Addresses are kept as
 * Go keeps them, 16 bytes with IPv4 as {@code ::ffff:a.b.c.d}; a network as its number and mask, 4 bytes each for
 * IPv4 (what {@code networkNumberAndMask} yields).
 */
final class GoNet {
    private GoNet() {
    }

    /** A parsed {@code addr/bits}: the address as written, and the network it names. */
    record Cidr(byte[] ip, byte[] number, byte[] mask) {
        /** {@code IPNet.Contains}: false for a null (unparsable) address or one of the other family. */
        boolean contains(byte[] ip16) {
            if (ip16 == null) {
                return false;
            }
            byte[] ip = to4(ip16);
            if (ip.length != number.length) {
                return false;
            }
            for (int i = 0; i < ip.length; i++) {
                if ((number[i] & mask[i]) != (ip[i] & mask[i])) {
                    return false;
                }
            }
            return true;
        }
    }

    /** {@code net.ParseIP}: 16 bytes, or null when {@code s} is not an IPv4 or IPv6 literal (a zone is refused). */
    static byte[] parseIp(String s) {
        return s.indexOf('%') >= 0 ? null : parseAddr(s);
    }

    /** {@code net.ParseCIDR}, or null where Go answers {@code invalid CIDR address: s}. */
    static Cidr parseCidr(String s) {
        int slash = s.indexOf('/');
        if (slash < 0) {
            return null;
        }
        String addr = s.substring(0, slash);
        String bits = s.substring(slash + 1);
        byte[] ip = parseIp(addr);
        if (ip == null) {
            return null;
        }
        int len = addr.indexOf(':') < 0 ? 4 : 16; // netip: Is4 only for a dotted quad, ::ffff:a.b.c.d is IPv6
        int n = dtoi(bits);
        if (n < 0 || n > 8 * len) {
            return null;
        }
        byte[] mask = new byte[len];
        for (int i = 0; i < len; i++) {
            int b = Math.min(8, Math.max(0, n - 8 * i));
            mask[i] = (byte) (0xff00 >> b);
        }
        // IP.Mask then networkNumberAndMask: a v4-mapped number is compared as IPv4, with the mask's last 4 bytes
        byte[] number = new byte[len];
        for (int i = 0; i < len; i++) {
            number[i] = (byte) (ip[16 - len + i] & mask[i]);
        }
        byte[] num4 = to4(number);
        if (num4 != number) {
            return new Cidr(ip, num4, Arrays.copyOfRange(mask, 12, 16));
        }
        return new Cidr(ip, number, mask);
    }

    /** Go's {@code dtoi} over the whole string: decimal digits only, -1 for none, others or too big. */
    private static int dtoi(String s) {
        if (s.isEmpty()) {
            return -1;
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            n = n * 10 + (c - '0');
            if (n >= 0xFFFFFF) {
                return -1;
            }
        }
        return n;
    }

    /** {@code IP.To4} of a 4- or 16-byte address: its IPv4 bytes when it is one, else itself. */
    private static byte[] to4(byte[] ip) {
        if (ip.length == 16) {
            for (int i = 0; i < 10; i++) {
                if (ip[i] != 0) {
                    return ip;
                }
            }
            if (ip[10] == (byte) 0xff && ip[11] == (byte) 0xff) {
                return Arrays.copyOfRange(ip, 12, 16);
            }
        }
        return ip;
    }

    /** {@code netip.ParseAddr} without zones: 16 bytes, or null. */
    private static byte[] parseAddr(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '.') {
                byte[] ip = new byte[16];
                ip[10] = (byte) 0xff;
                ip[11] = (byte) 0xff;
                return parseIpv4(s, ip, 12) ? ip : null;
            }
            if (c == ':') {
                return parseIpv6(s);
            }
        }
        return null;
    }

    /** netip's parseIPv4Fields: four decimal fields, no leading zero, each at most 255, into {@code out[at..]}. */
    private static boolean parseIpv4(String s, byte[] out, int at) {
        int val = 0;
        int pos = 0;
        int digits = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits == 1 && val == 0) {
                    return false;
                }
                val = val * 10 + (c - '0');
                digits++;
                if (val > 255) {
                    return false;
                }
            } else if (c == '.') {
                if (i == 0 || i == s.length() - 1 || s.charAt(i - 1) == '.' || pos == 3) {
                    return false;
                }
                out[at + pos++] = (byte) val;
                val = 0;
                digits = 0;
            } else {
                return false;
            }
        }
        if (pos < 3) {
            return false;
        }
        out[at + 3] = (byte) val;
        return true;
    }

    private static int hex(char c) {
        return c >= '0' && c <= '9' ? c - '0'
                : c >= 'a' && c <= 'f' ? c - 'a' + 10
                : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }

    /** netip's parseIPv6: hex fields of at most 4 digits, one {@code ::}, an IPv4 tail in the last 4 bytes. */
    private static byte[] parseIpv6(String in) {
        byte[] ip = new byte[16];
        String s = in;
        int ellipsis = -1;
        if (s.startsWith("::")) {
            ellipsis = 0;
            s = s.substring(2);
            if (s.isEmpty()) {
                return ip;
            }
        }
        int i = 0;
        while (i < 16) {
            int off = 0;
            int acc = 0;
            for (; off < s.length(); off++) {
                int d = hex(s.charAt(off));
                if (d < 0) {
                    break;
                }
                acc = (acc << 4) + d;
                if (off > 3) {
                    return null;
                }
            }
            if (off == 0) {
                return null;
            }
            if (off < s.length() && s.charAt(off) == '.') {
                if (ellipsis < 0 && i != 12 || i + 4 > 16 || !parseIpv4(s, ip, i)) {
                    return null;
                }
                s = "";
                i += 4;
                break;
            }
            ip[i] = (byte) (acc >> 8);
            ip[i + 1] = (byte) acc;
            i += 2;
            s = s.substring(off);
            if (s.isEmpty()) {
                break;
            }
            if (s.charAt(0) != ':' || s.length() == 1) {
                return null;
            }
            s = s.substring(1);
            if (s.charAt(0) == ':') {
                if (ellipsis >= 0) {
                    return null;
                }
                ellipsis = i;
                s = s.substring(1);
                if (s.isEmpty()) {
                    break;
                }
            }
        }
        if (!s.isEmpty()) {
            return null;
        }
        if (i < 16) {
            if (ellipsis < 0) {
                return null;
            }
            int n = 16 - i;
            System.arraycopy(ip, ellipsis, ip, ellipsis + n, i - ellipsis);
            Arrays.fill(ip, ellipsis, ellipsis + n, (byte) 0);
        } else if (ellipsis >= 0) {
            return null;
        }
        return ip;
    }
}
