package dev.jdock.daemon.network;

import java.util.HexFormat;
import java.util.Locale;

/** Configured MAC addresses (checked at create by the container feature), as the kernel takes them. Pure. */
final class Macs {
    private Macs() {
    }

    /** The lower-case, colon-separated form, as Go's HardwareAddr prints it. */
    static String normalize(String mac) {
        return mac.toLowerCase(Locale.ROOT).replace('-', ':');
    }

    /** The six bytes of a checked MAC. */
    static byte[] parse(String mac) {
        return HexFormat.of().parseHex(normalize(mac).replace(":", ""));
    }
}
