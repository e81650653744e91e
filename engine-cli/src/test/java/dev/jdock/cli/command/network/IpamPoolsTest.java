package dev.jdock.cli.command.network;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * docker's subnetMatches on Go's literal parsing: each answer here is what docker 28.2.2 gave for
 * {@code network create --subnet S --gateway D} (D in S: it went on to connect; not: no matching subnet).
 */
class IpamPoolsTest {
    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/16, 10.0.255.254, true",
        "10.0.0.0/16, 10.1.0.1, false",
        "10.0.0.7/24, 10.0.0.200, true", // the subnet as written, its host bits ignored
        "10.0.0.0/024, 10.0.0.200, true", // Go's dtoi takes leading zeros
        "10.0.0.0/32, 10.0.0.0, true",
        "10.0.0.0/0, 200.0.0.1, true",
        "0.0.0.0/0, fd00::1, false",
        "::/0, 10.0.0.1, false", // IPv4 is not in an IPv6 subnet, not even ::/0
        "::/0, fd00::1, true",
        "0.0.0.0/0, ::ffff:10.0.0.1, true", // a v4-mapped address is IPv4
        "0.0.0.0/0, ::10.0.0.1, false",
        "::ffff:10.0.0.0/120, 10.0.0.5, true", // a v4-mapped subnet is IPv4, with its mask's last 32 bits
        "::ffff:10.0.0.0/120, 10.0.1.5, false",
        "::ffff:0:0/96, 192.168.1.1, true",
        "::ffff:0:0/95, 192.168.1.1, false",
        "FD00::/64, fd00::ABCD, true",
        "fd00::/64, fd00:0:0:0:0:0:0:1, true",
        "fd00::/64, fd01::1, false",
        "::/0, 1:2:3:4:5:6:1.2.3.4, true",
        "::/0, 1::1.2.3.4, true",
        "::/0, 1:2:3:4:5:6:7:8::, false", // :: must stand for at least one field
        "::/0, ::1:2:3:4:5:6:7, true",
        "::/0, 1:2:3:4:5:1.2.3.4, false",
        "::/0, ::01.2.3.4, false",
        "::/0, 0000::, true",
        "::/0, 00000::, false",
        "::/0, :1::, false",
        "::/0, 1:, false",
        "::/0, ::, true",
        "::/0, ::ｆ, false", // ASCII hex digits only
        "fd00::/64, fd00::1%eth0, false", // a zone is not an address here
        "fd00::/64, fd00::1::2, false",
        "fd00::/64, fd00::12345, false",
        "10.0.0.0/8, 010.0.0.1, false", // no leading zeros
        "10.0.0.0/8, 10.0.0.256, false",
        "10.0.0.0/8, 10.0.0, false",
        "10.0.0.0/8, 10.0.0.1., false",
        "10.0.0.0/8, 10..0.1, false",
        "10.0.0.0/8, 10.0.0.1.2, false",
        "10.0.0.0/8, 10.0.0.0x1, false",
        "10.0.0.0/8, 10.0.0.٣, false",
        "10.0.0.0/8, 10.1.0.9/16, true", // addr/bits: its address, as written
        "10.0.0.0/8, 11.1.0.0/7, false"})
    void matches_asGo(String subnet, String data, boolean in) {
        assertEquals(in, IpamPools.matches(subnet, data));
    }

    @ParameterizedTest
    @CsvSource({"foo", "10.0.0.0", "10.0.0.0/33", "10.0.0.0/+24", "10.0.0.0/-1", "10.0.0.0/", "10.0.0.0/24/",
        "10.0.0.0/99999999999", "010.0.0.0/8", "::ffff:10.0.0.0/129", "fe80::/64%eth0", "fe80::%eth0/64", "[::1]/128"})
    void parseCidr_refusesWhatGoRefuses(String s) {
        assertNull(GoNet.parseCidr(s));
    }
}
