package dev.jdock.daemon.image;

import java.io.IOException;
import java.io.InputStream;

/** Where a layer's archive (compressed or not) can be read from, e.g. a spooled ingest file. */
@FunctionalInterface
interface LayerSource {
    InputStream open() throws IOException;

    /** The archive's size in bytes, for a "Loading layer" progress bar; 0 when unknown. */
    default long size() {
        return 0;
    }
}
