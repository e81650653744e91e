package dev.jdock.runtime.cgroup;

import dev.jdock.runtime.fs.Fd;
import dev.jdock.runtime.fs.Fs;
import dev.jdock.runtime.syscall.Errno;
import dev.jdock.runtime.syscall.SyscallException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * The file operations cgroup managers use. {@link #REAL} works on cgroupfs; unit tests supply a fake kernel
 * that populates interface files on mkdir and removes them on rmdir.
 */
public interface CgroupFs {
    String read(Path file);

    /** Writes {@code value} to an existing interface file (never creates it). */
    void write(Path file, String value);

    /**
     * Writes each of {@code values} in turn to an existing interface file, one write each (as {@link #write} does
     * for each): a v1 {@code devices.allow} takes one rule per write.
     */
    default void writeEach(Path file, List<String> values) {
        for (String v : values) {
            write(file, v);
        }
    }

    boolean exists(Path path);

    /** mkdir; no error if it already exists. */
    void mkdir(Path dir);

    /** rmdir of a cgroup directory (fails with a "busy" message while processes remain). */
    void rmdir(Path dir);

    /**
     * Makes each of {@code names} below {@code root} in turn (no error for one that exists) and returns the last:
     * {@code root} is a hierarchy's mount point (the daemon's), the names may come from a request
     * ({@link CgroupParent}), so none is followed if it is a symlink.
     */
    default Path mkdirs(Path root, List<String> names) {
        Path dir = root;
        for (String name : names) {
            dir = dir.resolve(name);
            mkdir(dir);
        }
        return dir;
    }

    CgroupFs REAL = new CgroupFs() {
        @Override
        public String read(Path file) {
            try {
                return Files.readString(file).trim();
            } catch (IOException e) {
                throw new CgroupException("read " + file + ": " + reason(e), e);
            }
        }

        @Override
        public void write(Path file, String value) {
            try {
                Files.writeString(file, value, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING);
            } catch (IOException e) {
                throw new CgroupException(failedWrite(value, file, e), e);
            }
        }

        /** Through one descriptor: one write(2) per value, without opening the file again for each. */
        @Override
        public void writeEach(Path file, List<String> values) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                for (String v : values) {
                    try {
                        ch.write(ByteBuffer.wrap(v.getBytes(StandardCharsets.UTF_8)));
                    } catch (IOException e) {
                        throw new CgroupException(failedWrite(v, file, e), e);
                    }
                }
            } catch (IOException e) {
                throw new CgroupException(failedWrite(String.join(", ", values), file, e), e);
            }
        }

        @Override
        public boolean exists(Path path) {
            return Files.exists(path);
        }

        @Override
        public void mkdir(Path dir) {
            try {
                Files.createDirectory(dir);
            } catch (FileAlreadyExistsException e) {
                // already there: fine
            } catch (IOException e) {
                throw new CgroupException("mkdir " + dir + ": " + reason(e), e);
            }
        }

        /** Descriptor by descriptor: mkdirat, then openat with O_NOFOLLOW (a symlink fails with ELOOP). */
        @Override
        public Path mkdirs(Path root, List<String> names) {
            Path dir = root;
            Fd at = Fs.open(root, Fs.O_PATH | Fs.O_DIRECTORY);
            try {
                for (int i = 0; i < names.size(); i++) {
                    String name = names.get(i);
                    dir = dir.resolve(name);
                    boolean last = i == names.size() - 1;
                    // a parent (jdock/) is there but for the first container: opened first, made only when missing
                    // (each EEXIST cost an exception); the container's own directory is new: made first
                    Fd next = last ? null : openDir(at, name, dir, true);
                    if (next == null) {
                        try {
                            Fs.mkdirat(at, name, 0755);
                            if (last) {
                                break; // made here: a directory, no symlink to refuse
                            }
                        } catch (SyscallException e) {
                            if (e.errno() != Errno.EEXIST) {
                                throw new CgroupException("mkdir " + dir + ": " + Errno.describe(e.errno()), e);
                            }
                        }
                        next = openDir(at, name, dir, false);
                    }
                    at.close();
                    at = next;
                }
            } finally {
                at.close();
            }
            return dir;
        }

        /** The directory {@code name} in {@code at}, never through a symlink; null when missing and allowed. */
        private Fd openDir(Fd at, String name, Path dir, boolean missingIsNull) {
            try {
                return Fs.openat(at, name, Fs.O_PATH | Fs.O_DIRECTORY | Fs.O_NOFOLLOW, 0);
            } catch (SyscallException e) {
                if (missingIsNull && e.errno() == Errno.ENOENT) {
                    return null;
                }
                throw new CgroupException("open " + dir + ": " + Errno.describe(e.errno()), e);
            }
        }

        @Override
        public void rmdir(Path dir) {
            try {
                Files.delete(dir);
            } catch (NoSuchFileException e) {
                // already gone
            } catch (IOException e) {
                throw new CgroupException("rmdir " + dir + ": " + reason(e), e);
            }
        }
    };

    /** runc's words ({@code cgroups.WriteFile}): {@code failed to write "100": write <file>: invalid argument}. */
    static String failedWrite(String value, Path file, IOException e) {
        return "failed to write \"" + value + "\": write " + file + ": " + reason(e);
    }

    /** The error's words as Go prints an errno ({@code invalid argument}), else its class and message. */
    static String reason(IOException e) {
        String w = dev.jdock.runtime.syscall.ErrnoWords.of(e);
        return w != null ? w : e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
