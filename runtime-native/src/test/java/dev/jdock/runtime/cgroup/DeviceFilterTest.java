package dev.jdock.runtime.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceFilterTest {
    private static final int R = DeviceFilter.ACC_READ;
    private static final int W = DeviceFilter.ACC_WRITE;
    private static final int M = DeviceFilter.ACC_MKNOD;
    private static final int C = DeviceFilter.DEV_CHAR;
    private static final int B = DeviceFilter.DEV_BLOCK;

    @Test
    void dockersDefaults_allowTheStandardNodesAndMknod_denyTheRest() {
        byte[] p = DeviceFilter.compile(DeviceRules.DEFAULT_ALLOW);
        assertTrue(run(p, C, R | W, 1, 3), "/dev/null rw");
        assertTrue(run(p, C, R, 1, 9), "/dev/urandom r");
        assertTrue(run(p, C, R | W, 136, 7), "/dev/pts/7");
        assertTrue(run(p, C, R | W, 10, 200), "/dev/net/tun");
        assertTrue(run(p, B, M, 8, 0), "mknod of a block device is allowed");
        assertTrue(run(p, C, M, 4, 1), "mknod of a char device is allowed");
        assertFalse(run(p, B, R, 8, 0), "reading /dev/sda is not");
        assertFalse(run(p, B, W, 8, 0), "writing /dev/sda is not");
        assertFalse(run(p, C, R, 1, 1), "/dev/mem is not");
        assertFalse(run(p, C, R | W, 10, 229), "/dev/fuse is not");
        assertFalse(run(p, C, R | M, 1, 1), "mknod plus read is more than m");
    }

    @Test
    void aDeviceRule_addsExactlyThatDeviceAndAccess() {
        byte[] p = DeviceFilter.compile(DeviceRules.withDefaults(List.of(DeviceRules.rule('c', 10, 229, "rw"))));
        assertTrue(run(p, C, R | W, 10, 229));
        assertFalse(run(p, C, R | W, 10, 228));
        assertFalse(run(p, B, R, 10, 229), "type must match");
        byte[] readOnly = DeviceFilter.compile(List.of("b 8:* r"));
        assertTrue(run(readOnly, B, R, 8, 16));
        assertFalse(run(readOnly, B, W, 8, 16));
        assertFalse(run(readOnly, B, R | W, 8, 16), "every requested bit must be granted");
    }

    @Test
    void allRule_andEmptyList() {
        byte[] all = DeviceFilter.compile(List.of("a *:* rwm"));
        assertTrue(run(all, B, R | W | M, 8, 0));
        assertTrue(run(all, C, R, 1, 1));
        assertTrue(run(DeviceFilter.compile(List.of("a")), C, W, 5, 1));
        byte[] none = DeviceFilter.compile(List.of());
        assertFalse(run(none, C, R, 1, 3));
        assertEquals(8 * 8, none.length, "prologue (6) + deny (2)");
    }

    @Test
    void deviceCgroupRules_withWildcards_allowThatClassOnly() {
        // docker run --device-cgroup-rule 'c 42:* rmw' --device-cgroup-rule 'b 8:16 r'
        byte[] p = DeviceFilter.compile(DeviceRules.withDefaults(List.of("c 42:* rmw", "b 8:16 r")));
        assertTrue(run(p, C, R | W, 42, 0));
        assertTrue(run(p, C, R | W | M, 42, 4095));
        assertFalse(run(p, C, R, 43, 0), "another major");
        assertTrue(run(p, B, R, 8, 16));
        assertFalse(run(p, B, W, 8, 16), "read only");
        assertFalse(run(p, B, R, 8, 17), "another minor");
        assertTrue(run(p, C, R | W, 1, 3), "the defaults stay");
    }

    @Test
    void badRules_areRefused() {
        assertThrows(IllegalArgumentException.class, () -> DeviceFilter.compile(List.of("x 1:3 rwm")));
        assertThrows(IllegalArgumentException.class, () -> DeviceFilter.compile(List.of("c 1:3 rwx")));
        assertThrows(IllegalArgumentException.class, () -> DeviceFilter.compile(List.of("c 13 rwm")));
        assertThrows(IllegalArgumentException.class, () -> DeviceFilter.compile(List.of("c -1:3 r")));
    }

    /**
     * Runs the program as the kernel would for one access (an interpreter of the instructions the compiler emits,
     * with the verifier's rules that matter here: jumps stay inside, the program ends in exit with r0 set).
     */
    private static boolean run(byte[] prog, int type, int access, long major, long minor) {
        ByteBuffer b = ByteBuffer.wrap(prog).order(ByteOrder.LITTLE_ENDIAN);
        int n = prog.length / 8;
        long[] reg = new long[11];
        long[] ctx = {((long) access << 16) | type, major, minor};
        boolean r0Set = false;
        for (int pc = 0, steps = 0; steps < 10_000; steps++) {
            assertTrue(pc >= 0 && pc < n, "pc out of the program: " + pc);
            int code = b.get(pc * 8) & 0xFF;
            int regs = b.get(pc * 8 + 1) & 0xFF;
            int dst = regs & 0xF;
            int src = regs >> 4;
            short off = b.getShort(pc * 8 + 2);
            long imm = b.getInt(pc * 8 + 4); // sign-extended, as the kernel does
            pc++;
            switch (code) {
                case DeviceFilter.LDX_MEM_W -> {
                    assertEquals(1, src, "loads only from the context");
                    reg[dst] = ctx[off / 4] & 0xFFFF_FFFFL;
                }
                case DeviceFilter.ALU64_AND_K -> reg[dst] &= imm;
                case DeviceFilter.ALU64_RSH_K -> reg[dst] >>>= imm;
                case DeviceFilter.ALU64_MOV_K -> {
                    reg[dst] = imm;
                    r0Set |= dst == 0;
                }
                case DeviceFilter.ALU64_MOV_X -> reg[dst] = reg[src];
                case DeviceFilter.JMP_JNE_K -> pc += reg[dst] != imm ? off : 0;
                case DeviceFilter.JMP_EXIT -> {
                    assertTrue(r0Set, "r0 set before exit");
                    return reg[0] == 1;
                }
                default -> throw new AssertionError("unexpected opcode " + Integer.toHexString(code));
            }
        }
        throw new AssertionError("no exit");
    }
}
