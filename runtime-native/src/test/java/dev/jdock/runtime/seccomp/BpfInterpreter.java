package dev.jdock.runtime.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** A tiny classic-BPF interpreter over struct seccomp_data, for testing compiled filters (the opcodes we emit). */
final class BpfInterpreter {
    private final ByteBuffer program;
    private final int length;

    BpfInterpreter(byte[] program) {
        if (program.length % 8 != 0) {
            throw new IllegalArgumentException("program length not a multiple of 8");
        }
        this.program = ByteBuffer.wrap(program).order(ByteOrder.LITTLE_ENDIAN);
        this.length = program.length / 8;
    }

    int length() {
        return length;
    }

    /** Runs the filter on a seccomp_data {nr, arch, ip=0, args}. */
    int run(int nr, int arch, long... args) {
        ByteBuffer data = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        data.putInt(0, nr).putInt(4, arch).putLong(8, 0);
        for (int i = 0; i < args.length; i++) {
            data.putLong(16 + 8 * i, args[i]);
        }
        int a = 0;
        int pc = 0;
        for (int steps = 0; steps < 100_000; steps++) {
            if (pc < 0 || pc >= length) {
                throw new IllegalStateException("pc out of program: " + pc);
            }
            int code = program.getShort(pc * 8) & 0xffff;
            int jt = program.get(pc * 8 + 2) & 0xff;
            int jf = program.get(pc * 8 + 3) & 0xff;
            int k = program.getInt(pc * 8 + 4);
            pc++;
            switch (code) {
                case 0x20 -> {
                    if (k < 0 || k > 60 || k % 4 != 0) {
                        throw new IllegalStateException("bad load offset " + k);
                    }
                    a = data.getInt(k);
                }
                case 0x54 -> a &= k;
                case 0x05 -> pc += k;
                case 0x15 -> pc += a == k ? jt : jf;
                case 0x25 -> pc += Integer.compareUnsigned(a, k) > 0 ? jt : jf;
                case 0x35 -> pc += Integer.compareUnsigned(a, k) >= 0 ? jt : jf;
                case 0x45 -> pc += (a & k) != 0 ? jt : jf;
                case 0x06 -> {
                    return k;
                }
                default -> throw new IllegalStateException("unsupported opcode 0x" + Integer.toHexString(code));
            }
        }
        throw new IllegalStateException("no return");
    }
}
