package dev.jdock.runtime.cgroup;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The file operations cgroup managers use. {@link #REAL} works on cgroupfs; unit tests supply a fake kernel
 * that populates interface files on mkdir and removes them on rmdir.
 */
public interface CgroupFs {
    String read(Path file);

    /** Writes {@code value} to an existing interface file (never creates it). */
    void write(Path file, String value);

    boolean exists(Path path);

    /** mkdir; no error if it already exists. */
    void mkdir(Path dir);

    /** rmdir of a cgroup directory (fails with a "busy" message while processes remain). */
    void rmdir(Path dir);

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
                throw new CgroupException("write " + value + " to " + file + ": " + reason(e), e);
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

    static String reason(IOException e) {
        if (e instanceof java.nio.file.FileSystemException fse && fse.getReason() != null) {
            return fse.getReason();
        }
        return e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
    }
}
