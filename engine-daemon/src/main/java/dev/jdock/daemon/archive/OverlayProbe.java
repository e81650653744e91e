package dev.jdock.daemon.archive;

import dev.jdock.runtime.syscall.FileModes;
import dev.jdock.runtime.syscall.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;

/** How overlayfs marks deletions in an upper or lower directory: whiteouts (char 0:0) and opaque directories. */
public interface OverlayProbe {
    String OPAQUE_XATTR = "trusted.overlay.opaque";

    /** A character device 0:0 (a deleted file). */
    boolean isWhiteout(Path p);

    /** A directory with {@code trusted.overlay.opaque=y} (its lower contents are hidden). */
    boolean isOpaque(Path dir);

    /** The real kernel view: lstat for whiteouts, lgetxattr for opaque directories. */
    static OverlayProbe of(Syscalls syscalls) {
        return new OverlayProbe() {
            @Override
            public boolean isWhiteout(Path p) {
                try {
                    Map<String, Object> a = Files.readAttributes(p, "unix:mode,rdev", LinkOption.NOFOLLOW_LINKS);
                    return ((Integer) a.get("mode") & FileModes.S_IFMT) == FileModes.S_IFCHR
                            && (Long) a.get("rdev") == 0L;
                } catch (IOException e) {
                    return false;
                }
            }

            @Override
            public boolean isOpaque(Path dir) {
                if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
                try {
                    return syscalls.lgetxattr(dir, OPAQUE_XATTR)
                            .map(v -> new String(v, StandardCharsets.US_ASCII).equals("y")).orElse(false);
                } catch (RuntimeException e) {
                    return false; // no trusted.* support here: nothing is opaque
                }
            }
        };
    }
}
