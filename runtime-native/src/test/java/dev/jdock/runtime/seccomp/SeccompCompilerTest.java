package dev.jdock.runtime.seccomp;

import static dev.jdock.runtime.seccomp.SeccompAction.RET_ALLOW;
import static dev.jdock.runtime.seccomp.SeccompAction.RET_ERRNO;
import static dev.jdock.runtime.seccomp.SeccompAction.RET_KILL_THREAD;
import static dev.jdock.runtime.seccomp.SeccompCompiler.AUDIT_ARCH_I386;
import static dev.jdock.runtime.seccomp.SeccompCompiler.AUDIT_ARCH_X86_64;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.jdock.runtime.caps.Capabilities;
import dev.jdock.runtime.caps.Capability;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SeccompCompilerTest {
    private static final int EPERM = RET_ERRNO | 1;
    private static final int ENOSYS = RET_ERRNO | 38;
    private static final long CLONE_NEWUSER = 0x10000000L;
    private static final long CLONE_NEWNS = 0x00020000L;
    private static final long PLAIN_CLONE_FLAGS = 0x01200011L; // CLONE_CHILD_SETTID|CLONE_CHILD_CLEARTID|SIGCHLD
    private static final SeccompProfile DEFAULT = SeccompProfile.dockerDefault();
    private static final long DOCKER_CAPS = Capabilities.dockerDefault();

    private static BpfInterpreter compile(long caps) {
        return new BpfInterpreter(SeccompCompiler.compile(DEFAULT, caps, "x86_64", "6.18.0"));
    }

    private static int nr(String abi, String name) {
        return SyscallTable.forAbi(abi).number(name).orElseThrow();
    }

    private static int x64(BpfInterpreter f, String name, long... args) {
        return f.run(nr("x86_64", name), AUDIT_ARCH_X86_64, args);
    }

    @Test
    void defaultProfileResourceMatchesDockerShape() {
        assertEquals("SCMP_ACT_ERRNO", DEFAULT.defaultAction());
        assertEquals(1, DEFAULT.defaultErrnoRet());
        assertEquals(8, DEFAULT.archMap().size());
        assertEquals(349, DEFAULT.syscalls().get(0).names().size());
        assertEquals(31, DEFAULT.syscalls().size());
    }

    @Test
    void programFitsKernelLimit() {
        BpfInterpreter f = compile(Capabilities.ALL_KNOWN);
        assertTrue(f.length() < 4096, "length " + f.length());
        assertTrue(compile(DOCKER_CAPS).length() < 4096);
    }

    @Test
    void commonSyscallsAllowed() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        for (String name : new String[] {"read", "write", "execve", "openat", "exit_group", "arch_prctl", "ptrace"}) {
            assertEquals(RET_ALLOW, x64(f, name), name);
        }
    }

    @Test
    void adminSyscallsDeniedWithoutCapSysAdmin() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        assertEquals(EPERM, x64(f, "mount"));
        assertEquals(EPERM, x64(f, "reboot"));
        assertEquals(EPERM, x64(f, "kexec_load"));
        assertEquals(EPERM, x64(f, "unshare"));
        assertEquals(ENOSYS, x64(f, "clone3"));
    }

    @Test
    void capSysAdminAllowsMountAndAnyClone() {
        BpfInterpreter f = compile(DOCKER_CAPS | Capability.SYS_ADMIN.mask());
        assertEquals(RET_ALLOW, x64(f, "mount"));
        assertEquals(RET_ALLOW, x64(f, "clone", CLONE_NEWUSER));
        assertEquals(RET_ALLOW, x64(f, "clone3"));
        assertEquals(EPERM, x64(f, "reboot"));
        assertEquals(EPERM, x64(f, "kexec_load"), "no rule allows kexec_load at all");
    }

    @Test
    void capSysBootAllowsReboot() {
        assertEquals(RET_ALLOW, x64(compile(DOCKER_CAPS | Capability.SYS_BOOT.mask()), "reboot"));
    }

    @Test
    void cloneWithNamespaceFlagsDenied() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        assertEquals(RET_ALLOW, x64(f, "clone", PLAIN_CLONE_FLAGS));
        assertEquals(EPERM, x64(f, "clone", PLAIN_CLONE_FLAGS | CLONE_NEWUSER));
        assertEquals(EPERM, x64(f, "clone", CLONE_NEWNS));
        assertEquals(RET_ALLOW, x64(f, "clone", 0xffffffff00000000L | PLAIN_CLONE_FLAGS), "mask has no high bits");
    }

    @Test
    void personalityOnlyWithListedValues() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        assertEquals(RET_ALLOW, x64(f, "personality", 0));
        assertEquals(RET_ALLOW, x64(f, "personality", 8));
        assertEquals(RET_ALLOW, x64(f, "personality", 0xffffffffL));
        assertEquals(EPERM, x64(f, "personality", 0xdead));
        assertEquals(EPERM, x64(f, "personality", 0x1_0000_0000L), "high word must match too");
    }

    @Test
    void socketVsockDenied() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        assertEquals(RET_ALLOW, x64(f, "socket", 2));
        assertEquals(EPERM, x64(f, "socket", 40));
        assertEquals(RET_ALLOW, x64(f, "socket", 0x1_0000_0028L), "NE compares all 64 bits");
    }

    @Test
    void unknownSyscallNumberGetsDefaultErrno() {
        assertEquals(EPERM, compile(DOCKER_CAPS).run(999, AUDIT_ARCH_X86_64));
    }

    @Test
    void foreignArchitectureKilled() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        assertEquals(RET_KILL_THREAD, f.run(0, 0xc00000b7)); // AUDIT_ARCH_AARCH64
    }

    @Test
    void i386UsesItsOwnNumbers() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        assertEquals(RET_ALLOW, f.run(nr("i386", "read"), AUDIT_ARCH_I386));
        assertEquals(RET_ALLOW, f.run(nr("i386", "socketcall"), AUDIT_ARCH_I386));
        assertEquals(EPERM, f.run(nr("i386", "mount"), AUDIT_ARCH_I386));
        assertEquals(EPERM, f.run(nr("i386", "personality"), AUDIT_ARCH_I386, 0xdead));
    }

    @Test
    void x32SyscallsUseX32Table() {
        BpfInterpreter f = compile(DOCKER_CAPS);
        assertEquals(RET_ALLOW, f.run(nr("x32", "read"), AUDIT_ARCH_X86_64));
        assertEquals(EPERM, f.run(nr("x32", "mount"), AUDIT_ARCH_X86_64));
        assertEquals(EPERM, f.run(0x40000000 | 999, AUDIT_ARCH_X86_64));
    }

    @Test
    void withoutX32InArchMapX32IsKilled() {
        SeccompProfile p = SeccompProfile.parse("""
                {"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],
                 "syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}""".getBytes(StandardCharsets.UTF_8));
        BpfInterpreter f = new BpfInterpreter(SeccompCompiler.compile(p, 0, "x86_64", "6.1"));
        assertEquals(RET_ALLOW, f.run(nr("x86_64", "read"), AUDIT_ARCH_X86_64));
        assertEquals(RET_KILL_THREAD, f.run(nr("x32", "read"), AUDIT_ARCH_X86_64));
        assertEquals(RET_KILL_THREAD, f.run(nr("i386", "read"), AUDIT_ARCH_I386));
    }

    @Test
    void minKernelExcludesOnOldKernels() {
        BpfInterpreter old = new BpfInterpreter(SeccompCompiler.compile(DEFAULT, DOCKER_CAPS, "x86_64", "4.4.0"));
        assertEquals(EPERM, old.run(nr("x86_64", "ptrace"), AUDIT_ARCH_X86_64));
    }

    @Test
    void allComparisonOperators() {
        SeccompProfile p = SeccompProfile.parse("""
                {"defaultAction":"SCMP_ACT_ERRNO","defaultErrnoRet":13,"syscalls":[
                 {"names":["read"],"action":"SCMP_ACT_ALLOW","args":[{"index":0,"value":4294967301,"op":"SCMP_CMP_GT"}]},
                 {"names":["write"],"action":"SCMP_ACT_ALLOW","args":[{"index":1,"value":4294967301,"op":"SCMP_CMP_GE"}]},
                 {"names":["close"],"action":"SCMP_ACT_ALLOW","args":[{"index":2,"value":4294967301,"op":"SCMP_CMP_LT"}]},
                 {"names":["dup"],"action":"SCMP_ACT_ALLOW","args":[{"index":5,"value":4294967301,"op":"SCMP_CMP_LE"}]},
                 {"names":["fsync"],"action":"SCMP_ACT_LOG","args":[{"index":0,"value":240,"valueTwo":32,"op":"SCMP_CMP_MASKED_EQ"},
                                                                   {"index":1,"value":7,"op":"SCMP_CMP_EQ"}]},
                 {"names":["no_such_syscall"],"action":"SCMP_ACT_ALLOW"},
                 {"names":["getpid"],"action":"SCMP_ACT_KILL_PROCESS"},
                 {"names":["gettid"],"action":"SCMP_ACT_TRAP"}]}""".getBytes(StandardCharsets.UTF_8));
        BpfInterpreter f = new BpfInterpreter(SeccompCompiler.compile(p, 0, "x86_64", "6.1"));
        int deny = RET_ERRNO | 13;
        long v = 4294967301L; // 0x1_0000_0005
        assertEquals(RET_ALLOW, x64(f, "read", v + 1));
        assertEquals(deny, x64(f, "read", v));
        assertEquals(deny, x64(f, "read", 6));
        assertEquals(RET_ALLOW, x64(f, "read", 0x2_0000_0000L));
        assertEquals(RET_ALLOW, x64(f, "write", 0, v));
        assertEquals(deny, x64(f, "write", 0, v - 1));
        assertEquals(RET_ALLOW, x64(f, "close", 0, 0, v - 1));
        assertEquals(RET_ALLOW, x64(f, "close", 0, 0, 0xffffffffL));
        assertEquals(deny, x64(f, "close", 0, 0, v));
        assertEquals(RET_ALLOW, x64(f, "dup", 0, 0, 0, 0, 0, v));
        assertEquals(deny, x64(f, "dup", 0, 0, 0, 0, 0, v + 1));
        assertEquals(SeccompAction.RET_LOG, x64(f, "fsync", 0x2f, 7));
        assertEquals(deny, x64(f, "fsync", 0x2f, 8));
        assertEquals(deny, x64(f, "fsync", 0x40, 7));
        assertEquals(SeccompAction.RET_KILL_PROCESS, x64(f, "getpid"));
        assertEquals(SeccompAction.RET_TRAP, x64(f, "gettid"));
    }

    @Test
    void unsupportedInputsRejected() {
        assertThrows(IllegalArgumentException.class, () -> SeccompCompiler.compile(DEFAULT, 0, "aarch64"));
        SeccompProfile notify = SeccompProfile.parse(
                "{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}".getBytes(StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> SeccompCompiler.compile(notify, 0, "x86_64"));
    }

    @Test
    void manyConditionalRulesStillAssemble() {
        StringBuilder json = new StringBuilder("{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[");
        for (int i = 0; i < 300; i++) {
            json.append(i == 0 ? "" : ",").append("{\"names\":[\"ioctl\"],\"action\":\"SCMP_ACT_ALLOW\",")
                    .append("\"args\":[{\"index\":1,\"value\":").append(i).append(",\"op\":\"SCMP_CMP_EQ\"}]}");
        }
        json.append("]}");
        SeccompProfile p = SeccompProfile.parse(json.toString().getBytes(StandardCharsets.UTF_8));
        BpfInterpreter f = new BpfInterpreter(SeccompCompiler.compile(p, 0, "x86_64", "6.1"));
        assertEquals(RET_ALLOW, x64(f, "ioctl", 3, 299));
        assertEquals(EPERM, x64(f, "ioctl", 3, 300));
    }
}
