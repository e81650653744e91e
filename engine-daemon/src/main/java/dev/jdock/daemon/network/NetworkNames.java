package dev.jdock.daemon.network;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Host-wide names of one daemon's network resources. The daemon with the default data root owns "jdock0" and the
 * "JDOCK*" chains; any other daemon on the same host (test daemons, throwaway ones) gets a tag derived from its data
 * root, so that daemons never share a bridge, flush each other's chains or delete each other's veths.
 */
public record NetworkNames(String defaultBridge, String chainBase) {
    public static final Path DEFAULT_DATA_ROOT = Path.of("/var/lib/jdock");

    public static NetworkNames forDataRoot(Path dataRoot) {
        if (dataRoot.toAbsolutePath().normalize().equals(DEFAULT_DATA_ROOT)) {
            return new NetworkNames("jdock0", "JDOCK");
        }
        String tag = tag(dataRoot);
        return new NetworkNames("jdock" + tag + "0", "JDOCK-" + tag);
    }

    static String tag(Path dataRoot) {
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(dataRoot.toAbsolutePath().normalize().toString()
                    .getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h).substring(0, 6);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
