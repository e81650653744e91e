package dev.jdock.daemon.layer;

import dev.jdock.api.value.Digest;

/** What unpacking one layer produced: its diffID, the uncompressed tar size and the bytes of regular files. */
public record UnpackResult(Digest diffId, long tarSize, long contentSize) {
}
