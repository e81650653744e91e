package dev.jdock.daemon.config;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** An exclusive lock on the data root, so that two jdockd processes never share one store. */
public final class DaemonLock implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private DaemonLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Takes the lock or throws IllegalStateException naming the holder's pid. */
    public static DaemonLock acquire(Path dataRoot) throws IOException {
        Files.createDirectories(dataRoot);
        Path file = dataRoot.resolve("jdockd.lock");
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        FileLock l = ch.tryLock();
        if (l == null) {
            String holder = Files.readString(file).trim();
            ch.close();
            throw new IllegalStateException("another jdockd (pid " + (holder.isEmpty() ? "?" : holder)
                    + ") is already using data root " + dataRoot + "; stop it first or choose another --data-root");
        }
        ch.truncate(0);
        ch.write(java.nio.ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.UTF_8)), 0);
        ch.force(true);
        return new DaemonLock(ch, l);
    }

    @Override
    public void close() throws IOException {
        lock.release();
        channel.close();
    }
}
