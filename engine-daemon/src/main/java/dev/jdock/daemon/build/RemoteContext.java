package dev.jdock.daemon.build;

import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.image.ImportUrl;
import dev.jdock.daemon.layer.Compression;
import dev.jdock.daemon.layer.TarOutput;
import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /build?remote=<url>} without git: the URL's body is the context when it is a tar (plain or
 * compressed), else it is taken as the Dockerfile itself (a context holding only {@code Dockerfile}), as moby
 * decides for a remote URL. A Git repository URL is refused: jdockd does not run git.
 */
final class RemoteContext {
    private RemoteContext() {
    }

    /** The context behind {@code remote}; its download stops when {@code cancel} completes (the client left). */
    static InputStream open(String remote, java.util.concurrent.CompletableFuture<?> cancel) throws IOException {
        if (remote.startsWith("git@") || remote.startsWith("git://") || remote.endsWith(".git")
                || remote.contains(".git#")) {
            throw EngineException.invalid("git build contexts are not supported by jdockd: " + remote);
        }
        if (!Dispatcher.isUrl(remote)) {
            throw EngineException.invalid("unable to prepare context: unsupported remote " + remote
                    + " (an http or https URL of a tar or a Dockerfile)");
        }
        BufferedInputStream in = new BufferedInputStream(ImportUrl.open(remote, cancel), 64 * 1024);
        if (Compression.detect(in) != Compression.NONE || isTar(in)) {
            return in;
        }
        byte[] dockerfile;
        try (in) {
            dockerfile = in.readNBytes(BuildContext.MAX_DOCKERFILE + 1);
        }
        if (dockerfile.length > BuildContext.MAX_DOCKERFILE) {
            throw EngineException.invalid("the remote Dockerfile at " + remote + " is larger than "
                    + BuildContext.MAX_DOCKERFILE + " bytes");
        }
        return new ByteArrayInputStream(tarOf("Dockerfile", dockerfile));
    }

    private static boolean isTar(BufferedInputStream in) throws IOException {
        in.mark(512);
        byte[] head = in.readNBytes(512);
        in.reset();
        return head.length == 512 && new String(head, 257, 5, StandardCharsets.US_ASCII).equals("ustar");
    }

    private static byte[] tarOf(String name, byte[] data) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        TarOutput t = new TarOutput(b);
        t.putEntry(TarOutput.Header.of(name, TarOutput.Header.REGULAR,
                0644, System.currentTimeMillis() / 1000).withSize(data.length));
        t.write(data, 0, data.length);
        t.closeEntry();
        t.finish();
        return b.toByteArray();
    }
}
