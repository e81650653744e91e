package dev.jdock.runtime.syscall;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SyscallExceptionTest {
    @Test
    void messageCarriesStrerrorAndErrno() {
        SyscallException e = new SyscallException("mount /x", Errno.EPERM);
        assertEquals("mount /x: operation not permitted", e.getMessage());
        assertEquals(1, e.errno());
        assertEquals("mount /x", e.operation());
        assertTrue(e.is(Errno.EPERM));
        assertEquals("unknown 999: errno 999", new SyscallException("unknown 999", 999).getMessage());
        assertEquals("openat x: no such file or directory", new SyscallException("openat x", Errno.ENOENT).getMessage());
        assertEquals("ENODATA", Errno.name(61));
    }

    @Test
    void devNumbers() {
        long dev = FileModes.makedev(259, 70000);
        assertEquals(259, FileModes.major(dev));
        assertEquals(70000, FileModes.minor(dev));
        assertEquals(0x0103, FileModes.makedev(1, 3));
        assertEquals(4096, FileModes.major(FileModes.makedev(4096, 1)), "a major's high bits");
    }

    @Test
    void xattrNameListSplit() {
        byte[] buf = "trusted.a\0user.b\0".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertEquals(List.of("trusted.a", "user.b"), LinuxSyscalls.splitNames(buf, buf.length));
    }
}
