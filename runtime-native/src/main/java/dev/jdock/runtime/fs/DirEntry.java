package dev.jdock.runtime.fs;

/**
 * One name of a directory listing (getdents64). {@code type} is the d_type hint ({@link #DT_UNKNOWN} on
 * filesystems that do not fill it); it may be stale by the time it is used, so decisions that matter are taken on
 * an fstat of the opened descriptor.
 */
public record DirEntry(String name, int type, long ino) {
    public static final int DT_UNKNOWN = 0;
    public static final int DT_FIFO = 1;
    public static final int DT_CHR = 2;
    public static final int DT_DIR = 4;
    public static final int DT_BLK = 6;
    public static final int DT_REG = 8;
    public static final int DT_LNK = 10;
    public static final int DT_SOCK = 12;

    public boolean isDirectory() {
        return type == DT_DIR;
    }
}
