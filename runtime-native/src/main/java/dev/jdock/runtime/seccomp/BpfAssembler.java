package dev.jdock.runtime.seccomp;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * A classic-BPF assembler with forward labels. Conditional jumps have 8-bit offsets (checked at
 * {@link #assemble()}); {@link #jumpAlways} uses the 32-bit {@code ja} offset. Output is an array of
 * {@code struct sock_filter} (u16 code, u8 jt, u8 jf, u32 k), little-endian.
 */
final class BpfAssembler {
    static final int LD_W_ABS = 0x20;
    static final int ALU_AND_K = 0x54;
    static final int JMP_JA = 0x05;
    static final int JMP_JEQ_K = 0x15;
    static final int JMP_JGT_K = 0x25;
    static final int JMP_JGE_K = 0x35;
    static final int RET_K = 0x06;
    static final int MAX_INSNS = 4096;

    /** A jump target; bound once to an instruction index. */
    static final class Label {
        private int index = -1;
    }

    private static final class Insn {
        final int code;
        final Label jt;
        final Label jf;
        final Label ja;
        final int k;

        Insn(int code, Label jt, Label jf, Label ja, int k) {
            this.code = code;
            this.jt = jt;
            this.jf = jf;
            this.ja = ja;
            this.k = k;
        }
    }

    private final List<Insn> insns = new ArrayList<>();

    Label label() {
        return new Label();
    }

    /** Binds {@code label} to the next instruction. */
    void bind(Label label) {
        if (label.index >= 0) {
            throw new IllegalStateException("label bound twice");
        }
        label.index = insns.size();
    }

    int size() {
        return insns.size();
    }

    void load(int offset) {
        insns.add(new Insn(LD_W_ABS, null, null, null, offset));
    }

    void and(int k) {
        insns.add(new Insn(ALU_AND_K, null, null, null, k));
    }

    void ret(int k) {
        insns.add(new Insn(RET_K, null, null, null, k));
    }

    /** Conditional jump: {@code code} is JEQ/JGT/JGE; a null label means the next instruction. */
    void jump(int code, int k, Label ifTrue, Label ifFalse) {
        insns.add(new Insn(code, ifTrue, ifFalse, null, k));
    }

    void jumpAlways(Label target) {
        insns.add(new Insn(JMP_JA, null, null, target, 0));
    }

    byte[] assemble() {
        if (insns.size() > MAX_INSNS) {
            throw new IllegalStateException("BPF program too long: " + insns.size() + " > " + MAX_INSNS);
        }
        ByteBuffer out = ByteBuffer.allocate(insns.size() * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < insns.size(); i++) {
            Insn insn = insns.get(i);
            int k = insn.ja != null ? offset(i, insn.ja, Integer.MAX_VALUE) : insn.k;
            out.putShort((short) insn.code);
            out.put((byte) offset(i, insn.jt, 255));
            out.put((byte) offset(i, insn.jf, 255));
            out.putInt(k);
        }
        return out.array();
    }

    private int offset(int from, Label to, int max) {
        if (to == null) {
            return 0;
        }
        if (to.index < 0) {
            throw new IllegalStateException("unbound label at instruction " + from);
        }
        int off = to.index - from - 1;
        if (off < 0 || off > max) {
            throw new IllegalStateException("jump offset " + off + " out of range at instruction " + from);
        }
        return off;
    }
}
