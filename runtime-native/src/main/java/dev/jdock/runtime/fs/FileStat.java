package dev.jdock.runtime.fs;

import dev.jdock.runtime.syscall.FileModes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * What statx(2) says about one inode (never following a final symlink unless asked).
 *
 * @param mode st_mode: type and permission bits
 * @param dev the device of the filesystem holding the inode (glibc makedev encoding)
 * @param rdev the device a char/block node stands for
 * @param mountId the mount the inode was reached through (STATX_MNT_ID)
 */
public record FileStat(int mode, int uid, int gid, long size, long nlink, long ino, long dev, long rdev,
        long atimeNanos, long mtimeNanos, long mountId) {

    static final int STATX_BASIC_STATS = 0x7ff;
    static final int STATX_MNT_ID = 0x1000;
    static final int SIZE = 256;

    static FileStat parse(byte[] statx) {
        ByteBuffer b = ByteBuffer.wrap(statx).order(ByteOrder.LITTLE_ENDIAN);
        long nlink = Integer.toUnsignedLong(b.getInt(16));
        int uid = b.getInt(20);
        int gid = b.getInt(24);
        int mode = b.getShort(28) & 0xffff;
        long ino = b.getLong(32);
        long size = b.getLong(40);
        long atime = nanos(b, 64);
        long mtime = nanos(b, 112);
        long rdev = FileModes.makedev(Integer.toUnsignedLong(b.getInt(128)), Integer.toUnsignedLong(b.getInt(132)));
        long dev = FileModes.makedev(Integer.toUnsignedLong(b.getInt(136)), Integer.toUnsignedLong(b.getInt(140)));
        long mnt = b.getLong(144);
        return new FileStat(mode, uid, gid, size, nlink, ino, dev, rdev, atime, mtime, mnt);
    }

    private static long nanos(ByteBuffer b, int offset) {
        return b.getLong(offset) * 1_000_000_000L + Integer.toUnsignedLong(b.getInt(offset + 8));
    }

    public int type() {
        return mode & FileModes.S_IFMT;
    }

    public int permissions() {
        return mode & 07777;
    }

    public boolean isDirectory() {
        return type() == FileModes.S_IFDIR;
    }

    public boolean isRegular() {
        return type() == FileModes.S_IFREG;
    }

    public boolean isSymlink() {
        return type() == FileModes.S_IFLNK;
    }

    /** An overlayfs whiteout: a character device 0:0. */
    public boolean isWhiteout() {
        return type() == FileModes.S_IFCHR && rdev == 0;
    }

    /** Same inode (device and inode number). */
    public boolean sameInode(FileStat other) {
        return other != null && dev == other.dev && ino == other.ino;
    }
}
