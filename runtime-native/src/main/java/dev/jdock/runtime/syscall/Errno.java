package dev.jdock.runtime.syscall;

import java.util.Map;

/** Linux errno numbers (x86_64) and their glibc strerror texts, without loading native code. */
public final class Errno {
    public static final int EPERM = 1;
    public static final int ENOENT = 2;
    public static final int ESRCH = 3;
    public static final int EINTR = 4;
    public static final int EIO = 5;
    public static final int EBADF = 9;
    public static final int EAGAIN = 11;
    public static final int ENOMEM = 12;
    public static final int EACCES = 13;
    public static final int EBUSY = 16;
    public static final int EEXIST = 17;
    public static final int EXDEV = 18;
    public static final int ENODEV = 19;
    public static final int ENOTDIR = 20;
    public static final int EISDIR = 21;
    public static final int EINVAL = 22;
    public static final int ENOSPC = 28;
    public static final int EROFS = 30;
    public static final int ERANGE = 34;
    public static final int ENAMETOOLONG = 36;
    public static final int ENOSYS = 38;
    public static final int ENOTEMPTY = 39;
    public static final int ELOOP = 40;
    public static final int ENODATA = 61;
    public static final int EOPNOTSUPP = 95;

    private static final Map<Integer, String[]> TABLE = Map.ofEntries(
            Map.entry(1, new String[] {"EPERM", "Operation not permitted"}),
            Map.entry(2, new String[] {"ENOENT", "No such file or directory"}),
            Map.entry(3, new String[] {"ESRCH", "No such process"}),
            Map.entry(4, new String[] {"EINTR", "Interrupted system call"}),
            Map.entry(5, new String[] {"EIO", "Input/output error"}),
            Map.entry(6, new String[] {"ENXIO", "No such device or address"}),
            Map.entry(7, new String[] {"E2BIG", "Argument list too long"}),
            Map.entry(8, new String[] {"ENOEXEC", "Exec format error"}),
            Map.entry(9, new String[] {"EBADF", "Bad file descriptor"}),
            Map.entry(10, new String[] {"ECHILD", "No child processes"}),
            Map.entry(11, new String[] {"EAGAIN", "Resource temporarily unavailable"}),
            Map.entry(12, new String[] {"ENOMEM", "Cannot allocate memory"}),
            Map.entry(13, new String[] {"EACCES", "Permission denied"}),
            Map.entry(14, new String[] {"EFAULT", "Bad address"}),
            Map.entry(15, new String[] {"ENOTBLK", "Block device required"}),
            Map.entry(16, new String[] {"EBUSY", "Device or resource busy"}),
            Map.entry(17, new String[] {"EEXIST", "File exists"}),
            Map.entry(18, new String[] {"EXDEV", "Invalid cross-device link"}),
            Map.entry(19, new String[] {"ENODEV", "No such device"}),
            Map.entry(20, new String[] {"ENOTDIR", "Not a directory"}),
            Map.entry(21, new String[] {"EISDIR", "Is a directory"}),
            Map.entry(22, new String[] {"EINVAL", "Invalid argument"}),
            Map.entry(23, new String[] {"ENFILE", "Too many open files in system"}),
            Map.entry(24, new String[] {"EMFILE", "Too many open files"}),
            Map.entry(25, new String[] {"ENOTTY", "Inappropriate ioctl for device"}),
            Map.entry(26, new String[] {"ETXTBSY", "Text file busy"}),
            Map.entry(27, new String[] {"EFBIG", "File too large"}),
            Map.entry(28, new String[] {"ENOSPC", "No space left on device"}),
            Map.entry(29, new String[] {"ESPIPE", "Illegal seek"}),
            Map.entry(30, new String[] {"EROFS", "Read-only file system"}),
            Map.entry(31, new String[] {"EMLINK", "Too many links"}),
            Map.entry(32, new String[] {"EPIPE", "Broken pipe"}),
            Map.entry(34, new String[] {"ERANGE", "Numerical result out of range"}),
            Map.entry(35, new String[] {"EDEADLK", "Resource deadlock avoided"}),
            Map.entry(36, new String[] {"ENAMETOOLONG", "File name too long"}),
            Map.entry(38, new String[] {"ENOSYS", "Function not implemented"}),
            Map.entry(39, new String[] {"ENOTEMPTY", "Directory not empty"}),
            Map.entry(40, new String[] {"ELOOP", "Too many levels of symbolic links"}),
            Map.entry(61, new String[] {"ENODATA", "No data available"}),
            Map.entry(75, new String[] {"EOVERFLOW", "Value too large for defined data type"}),
            Map.entry(95, new String[] {"EOPNOTSUPP", "Operation not supported"}),
            Map.entry(110, new String[] {"ETIMEDOUT", "Connection timed out"}),
            Map.entry(122, new String[] {"EDQUOT", "Disk quota exceeded"}));

    private Errno() {}

    /** The symbolic name, e.g. {@code EPERM}; {@code errno N} when unknown. */
    public static String name(int errno) {
        String[] e = TABLE.get(errno);
        return e == null ? "errno " + errno : e[0];
    }

    /** The strerror(3) text, e.g. {@code Operation not permitted}. */
    public static String describe(int errno) {
        String[] e = TABLE.get(errno);
        return e == null ? "Unknown error " + errno : e[1];
    }
}
