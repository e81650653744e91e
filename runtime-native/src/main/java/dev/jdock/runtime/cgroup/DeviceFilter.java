package dev.jdock.runtime.cgroup;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The cgroup v2 device controller is an eBPF program ({@code BPF_PROG_TYPE_CGROUP_DEVICE}) attached to the
 * container's cgroup: this compiles allow rules in the v1 {@code devices.allow} syntax ({@link DeviceRules}) into
 * one, as runc's devicefilter does. The kernel calls it for every open and mknod of a device node with
 * {@code struct bpf_cgroup_dev_ctx {u32 access_type; u32 major; u32 minor;}} (type in the low 16 bits of the first
 * word, access in the high ones); it answers 1 (allow) when some rule matches and 0 (deny) otherwise, the v1
 * semantics of {@code devices.deny a} followed by the allow rules. Pure: no kernel, testable byte for byte.
 */
public final class DeviceFilter {
    private static final Pattern SPACES = Pattern.compile("\\s+");
    /** bpf_cgroup_dev_ctx type values. */
    static final int DEV_BLOCK = 1;
    static final int DEV_CHAR = 2;
    /** bpf_cgroup_dev_ctx access bits. */
    static final int ACC_MKNOD = 1;
    static final int ACC_READ = 2;
    static final int ACC_WRITE = 4;

    // eBPF opcodes (linux/bpf.h, linux/bpf_common.h)
    static final int LDX_MEM_W = 0x61;
    static final int ALU64_AND_K = 0x57;
    static final int ALU64_RSH_K = 0x77;
    static final int ALU64_MOV_K = 0xb7;
    static final int ALU64_MOV_X = 0xbf;
    static final int JMP_JNE_K = 0x55;
    static final int JMP_EXIT = 0x95;

    // registers: r1 the context, r2 type, r3 access, r4 major, r5 minor, r6 scratch, r0 the answer
    private static final int R0 = 0;
    private static final int R1 = 1;
    private static final int TYPE = 2;
    private static final int ACCESS = 3;
    private static final int MAJOR = 4;
    private static final int MINOR = 5;
    private static final int SCRATCH = 6;

    /** One parsed rule; {@code -1} means any ({@code *}), {@code type} 0 means any type ({@code a}). */
    record Rule(int type, long major, long minor, int access) {
        static Rule parse(String text) {
            String[] f = SPACES.split(text.trim());
            int type = switch (f[0]) {
                case "a" -> 0;
                case "b" -> DEV_BLOCK;
                case "c" -> DEV_CHAR;
                default -> throw new IllegalArgumentException("device rule type must be a, b or c: " + text);
            };
            if (type == 0 && f.length == 1) {
                return new Rule(0, -1, -1, ACC_MKNOD | ACC_READ | ACC_WRITE);
            }
            if (f.length != 3 || f[1].indexOf(':') < 0) {
                throw new IllegalArgumentException("device rule must read TYPE MAJOR:MINOR ACCESS: " + text);
            }
            String[] mm = f[1].split(":", 2);
            int access = 0;
            for (char c : f[2].toCharArray()) {
                access |= switch (c) {
                    case 'r' -> ACC_READ;
                    case 'w' -> ACC_WRITE;
                    case 'm' -> ACC_MKNOD;
                    default -> throw new IllegalArgumentException("invalid device access in " + text);
                };
            }
            return new Rule(type, number(mm[0], text), number(mm[1], text), access);
        }

        private static long number(String s, String text) {
            if (s.equals("*")) {
                return -1;
            }
            try {
                long v = Long.parseLong(s);
                if (v < 0 || v > Integer.MAX_VALUE) {
                    throw new NumberFormatException();
                }
                return v;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("invalid device number in " + text);
            }
        }
    }

    private DeviceFilter() {
    }

    /** The program (8-byte little-endian instructions) that allows exactly what {@code allowRules} allow. */
    public static byte[] compile(List<String> allowRules) {
        List<long[]> insns = new ArrayList<>();
        insns.add(insn(LDX_MEM_W, TYPE, R1, 0, 0));
        insns.add(insn(ALU64_AND_K, TYPE, 0, 0, 0xFFFF));
        insns.add(insn(LDX_MEM_W, ACCESS, R1, 0, 0));
        insns.add(insn(ALU64_RSH_K, ACCESS, 0, 0, 16));
        insns.add(insn(LDX_MEM_W, MAJOR, R1, 4, 0));
        insns.add(insn(LDX_MEM_W, MINOR, R1, 8, 0));
        for (String text : allowRules) {
            insns.addAll(block(Rule.parse(text)));
        }
        insns.add(insn(ALU64_MOV_K, R0, 0, 0, 0));
        insns.add(insn(JMP_EXIT, 0, 0, 0, 0));
        ByteArrayOutputStream out = new ByteArrayOutputStream(insns.size() * 8);
        for (long[] i : insns) {
            out.write((int) i[0]);
            out.write((int) ((i[2] << 4) | i[1]));
            out.write((int) (i[3] & 0xFF));
            out.write((int) ((i[3] >> 8) & 0xFF));
            for (int b = 0; b < 4; b++) {
                out.write((int) ((i[4] >> (8 * b)) & 0xFF));
            }
        }
        return out.toByteArray();
    }

    /** The checks of one rule, each jumping past the block on a mismatch, then "allow". */
    private static List<long[]> block(Rule r) {
        List<long[]> checks = new ArrayList<>();
        if (r.type() != 0) {
            checks.add(insn(JMP_JNE_K, TYPE, 0, 0, r.type()));
        }
        int denied = ~r.access() & (ACC_MKNOD | ACC_READ | ACC_WRITE);
        if (denied != 0) { // the request must not ask for an access the rule lacks
            checks.add(insn(ALU64_MOV_X, SCRATCH, ACCESS, 0, 0));
            checks.add(insn(ALU64_AND_K, SCRATCH, 0, 0, denied));
            checks.add(insn(JMP_JNE_K, SCRATCH, 0, 0, 0));
        }
        if (r.major() >= 0) {
            checks.add(insn(JMP_JNE_K, MAJOR, 0, 0, (int) r.major()));
        }
        if (r.minor() >= 0) {
            checks.add(insn(JMP_JNE_K, MINOR, 0, 0, (int) r.minor()));
        }
        int length = checks.size() + 2;
        List<long[]> out = new ArrayList<>(length);
        for (int i = 0; i < checks.size(); i++) {
            long[] c = checks.get(i);
            if (c[0] == JMP_JNE_K) {
                c[3] = length - (i + 1); // to the first instruction after this block
            }
            out.add(c);
        }
        out.add(insn(ALU64_MOV_K, R0, 0, 0, 1));
        out.add(insn(JMP_EXIT, 0, 0, 0, 0));
        return out;
    }

    private static long[] insn(int code, int dst, int src, int off, int imm) {
        return new long[] {code, dst, src, off, imm};
    }
}
