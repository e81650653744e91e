package dev.jdock.daemon.snapshot;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.FileStat;
import dev.jdock.runtime.fs.Fs;
import java.nio.charset.StandardCharsets;

/** How overlayfs marks deletions in an upper or lower directory: whiteouts (char 0:0) and opaque directories. */
public interface OverlayProbe {
    String OPAQUE_XATTR = "trusted.overlay.opaque";

    /** A character device 0:0 (a deleted file), from its lstat. */
    boolean isWhiteout(FileStat st);

    /** A directory (an open descriptor) with {@code trusted.overlay.opaque=y}: its lower contents are hidden. */
    boolean isOpaque(Fd dir);

    /** The real kernel view: the lstat for whiteouts, fgetxattr for opaque directories. */
    static OverlayProbe kernel() {
        return new OverlayProbe() {
            @Override
            public boolean isWhiteout(FileStat st) {
                return st.isWhiteout();
            }

            @Override
            public boolean isOpaque(Fd dir) {
                try {
                    return Fs.getxattr(dir, OPAQUE_XATTR)
                            .map(v -> new String(v, StandardCharsets.US_ASCII).equals("y")).orElse(false);
                } catch (RuntimeException e) {
                    return false; // no trusted.* support here: nothing is opaque
                }
            }
        };
    }
}
