package dev.jdock.runtime.seccomp;

import static dev.jdock.runtime.seccomp.BpfAssembler.JMP_JEQ_K;
import static dev.jdock.runtime.seccomp.BpfAssembler.JMP_JGE_K;
import static dev.jdock.runtime.seccomp.BpfAssembler.JMP_JGT_K;

import dev.jdock.runtime.seccomp.BpfAssembler.Label;

/**
 * Emits a 64-bit argument comparison as two 32-bit halves (seccomp_data args are u64, little-endian: low word at
 * the lower offset). The emitted code falls through when the comparison holds and jumps to {@code fail} otherwise.
 * All comparisons are unsigned, as in libseccomp.
 */
final class ArgComparison {
    private ArgComparison() {}

    static void emit(BpfAssembler asm, int lowOffset, SeccompProfile.Arg arg, Label fail) {
        int hiOff = lowOffset + 4;
        int vHi = (int) (arg.value() >>> 32);
        int vLo = (int) arg.value();
        switch (arg.op()) {
            case "SCMP_CMP_EQ" -> equal(asm, lowOffset, vHi, vLo, fail);
            case "SCMP_CMP_NE" -> notEqual(asm, lowOffset, vHi, vLo, fail);
            case "SCMP_CMP_GT" -> greater(asm, lowOffset, vHi, vLo, JMP_JGT_K, fail);
            case "SCMP_CMP_GE" -> greater(asm, lowOffset, vHi, vLo, JMP_JGE_K, fail);
            case "SCMP_CMP_LT" -> less(asm, lowOffset, vHi, vLo, JMP_JGE_K, fail);
            case "SCMP_CMP_LE" -> less(asm, lowOffset, vHi, vLo, JMP_JGT_K, fail);
            case "SCMP_CMP_MASKED_EQ" -> {
                asm.load(hiOff);
                asm.and(vHi);
                asm.jump(JMP_JEQ_K, (int) (arg.valueTwo() >>> 32), null, fail);
                asm.load(lowOffset);
                asm.and(vLo);
                asm.jump(JMP_JEQ_K, (int) arg.valueTwo(), null, fail);
            }
            default -> throw new IllegalArgumentException("unsupported seccomp comparison: " + arg.op());
        }
    }

    private static void equal(BpfAssembler asm, int lo, int vHi, int vLo, Label fail) {
        asm.load(lo + 4);
        asm.jump(JMP_JEQ_K, vHi, null, fail);
        asm.load(lo);
        asm.jump(JMP_JEQ_K, vLo, null, fail);
    }

    private static void notEqual(BpfAssembler asm, int lo, int vHi, int vLo, Label fail) {
        Label ok = asm.label();
        asm.load(lo + 4);
        asm.jump(JMP_JEQ_K, vHi, null, ok);
        asm.load(lo);
        asm.jump(JMP_JEQ_K, vLo, fail, null);
        asm.bind(ok);
    }

    /** GT (lowJump = JGT) or GE (lowJump = JGE). */
    private static void greater(BpfAssembler asm, int lo, int vHi, int vLo, int lowJump, Label fail) {
        Label ok = asm.label();
        asm.load(lo + 4);
        asm.jump(JMP_JGT_K, vHi, ok, null);
        asm.jump(JMP_JEQ_K, vHi, null, fail);
        asm.load(lo);
        asm.jump(lowJump, vLo, null, fail);
        asm.bind(ok);
    }

    /** LT (negated GE: lowJump = JGE) or LE (negated GT: lowJump = JGT). */
    private static void less(BpfAssembler asm, int lo, int vHi, int vLo, int lowJump, Label fail) {
        Label ok = asm.label();
        asm.load(lo + 4);
        asm.jump(JMP_JGT_K, vHi, fail, null);
        asm.jump(JMP_JEQ_K, vHi, null, ok);
        asm.load(lo);
        asm.jump(lowJump, vLo, fail, null);
        asm.bind(ok);
    }
}
