package dev.jdock.daemon.archive;

import dev.jdock.daemon.image.ImageCommitter;
import dev.jdock.daemon.image.ProducerStream;

/** Where {@code POST /commit} stores the new image: the image feature. */
@FunctionalInterface
public interface ImageCommits {
    /** Writes the parent image's layers plus the layer tar {@code diff} produces as a new image; returns its ID. */
    String commit(ImageCommitter.Request request, ProducerStream.Producer diff);
}
