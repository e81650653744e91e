package dev.jdock.runtime.seccomp;

import dev.jdock.runtime.seccomp.BpfAssembler.Label;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Compiles a Docker seccomp profile to a classic-BPF seccomp filter (array of little-endian
 * {@code struct sock_filter}), ready for {@code seccomp(SECCOMP_SET_MODE_FILTER)} in the C init.
 *
 * <p>Layout: check {@code seccomp_data.arch} (foreign arch → SECCOMP_RET_KILL_THREAD, libseccomp's default
 * bad-arch action); per ABI section, load {@code nr} and dispatch with one {@code jeq} per syscall in chunks of
 * {@value #CHUNK}, each chunk followed by its shared return instructions and {@code ja} stubs to argument-checking
 * blocks placed after the section's default return. On x86_64, {@code nr & 0x40000000} selects the x32 section
 * (x32 numbers carry that bit), as libseccomp does. Supported ABIs: x86_64, x32 and i386 (SCMP_ARCH_X86), each
 * enabled only if the profile's archMap (or legacy {@code architectures}) lists it; without either, only the
 * native ABI. Names missing from an ABI's table are skipped, as libseccomp does.
 *
 * <p>64-bit argument comparisons test the high and low 32-bit halves. Differences from runc/libseccomp: syscalls
 * newer than the profile are not turned into ENOSYS (runc's patchbpf), and several conditional rules for one
 * syscall are tested in profile order.
 */
public final class SeccompCompiler {
    public static final int AUDIT_ARCH_X86_64 = 0xc000003e;
    public static final int AUDIT_ARCH_I386 = 0x40000003;
    public static final int X32_SYSCALL_BIT = 0x40000000;
    static final int CHUNK = 64;
    private static final int OFF_NR = 0;
    private static final int OFF_ARCH = 4;
    private static final int OFF_ARGS = 16;
    private static final int BAD_ARCH = SeccompAction.RET_KILL_THREAD;

    private SeccompCompiler() {}

    /** Compiles for the running kernel ({@code os.version}). {@code arch} is {@code x86_64} (or {@code amd64}). */
    public static byte[] compile(SeccompProfile profile, long capabilityMask, String arch) {
        return compile(profile, capabilityMask, arch, System.getProperty("os.version", "0.0"));
    }

    /**
     * @param capabilityMask the container's bounding capability set (moby matches includes/excludes caps against it)
     * @param kernelRelease  kernel version for {@code minKernel}, e.g. {@code 6.18.0}
     */
    public static byte[] compile(SeccompProfile profile, long capabilityMask, String arch, String kernelRelease) {
        if (!arch.equals("x86_64") && !arch.equals("amd64")) {
            throw new IllegalArgumentException("unsupported seccomp architecture: " + arch);
        }
        if (profile.defaultAction() == null) {
            throw new IllegalArgumentException("seccomp profile has no defaultAction");
        }
        int defaultRet = SeccompAction.toRet(profile.defaultAction(), profile.defaultErrnoRet());
        Map<String, SeccompRules.Resolution> rules =
                SeccompRules.select(profile, capabilityMask, "amd64", kernelRelease, defaultRet);
        List<String> abis = abis(profile);
        BpfAssembler asm = new BpfAssembler();
        Label x86 = asm.label();
        Label i386 = asm.label();
        asm.load(OFF_ARCH);
        boolean any64 = abis.contains("x86_64") || abis.contains("x32");
        if (any64) {
            longJumpIfEq(asm, AUDIT_ARCH_X86_64, x86);
        }
        if (abis.contains("i386")) {
            longJumpIfEq(asm, AUDIT_ARCH_I386, i386);
        }
        asm.ret(BAD_ARCH);
        if (any64) {
            emitX86(asm, x86, abis, rules, defaultRet);
        }
        if (abis.contains("i386")) {
            asm.bind(i386);
            emitSection(asm, SyscallTable.forAbi("i386"), rules, defaultRet);
        }
        return asm.assemble();
    }

    /** The ABIs to filter, from the archMap entry of SCMP_ARCH_X86_64 or the legacy architectures list. */
    static List<String> abis(SeccompProfile profile) {
        List<String> scmp = new ArrayList<>();
        for (SeccompProfile.ArchMap m : profile.archMap()) {
            if ("SCMP_ARCH_X86_64".equals(m.architecture())) {
                scmp.add(m.architecture());
                scmp.addAll(m.subArchitectures());
            }
        }
        scmp.addAll(profile.architectures());
        if (scmp.isEmpty()) {
            scmp.add("SCMP_ARCH_X86_64");
        }
        List<String> abis = new ArrayList<>();
        addIf(scmp, "SCMP_ARCH_X86_64", "x86_64", abis);
        addIf(scmp, "SCMP_ARCH_X32", "x32", abis);
        addIf(scmp, "SCMP_ARCH_X86", "i386", abis);
        return abis;
    }

    private static void addIf(List<String> scmp, String name, String abi, List<String> out) {
        if (scmp.contains(name)) {
            out.add(abi);
        }
    }

    private static void longJumpIfEq(BpfAssembler asm, int k, Label target) {
        Label skip = asm.label();
        asm.jump(BpfAssembler.JMP_JEQ_K, k, null, skip);
        asm.jumpAlways(target);
        asm.bind(skip);
    }

    private static void emitX86(BpfAssembler asm, Label x86, List<String> abis,
                                Map<String, SeccompRules.Resolution> rules, int defaultRet) {
        asm.bind(x86);
        asm.load(OFF_NR);
        Label native64 = asm.label();
        Label x32 = asm.label();
        asm.jump(BpfAssembler.JMP_JGE_K, X32_SYSCALL_BIT, null, native64);
        if (abis.contains("x32")) {
            asm.jumpAlways(x32);
        } else {
            asm.ret(BAD_ARCH);
        }
        asm.bind(native64);
        if (abis.contains("x86_64")) {
            emitSection(asm, SyscallTable.forAbi("x86_64"), rules, defaultRet);
        } else {
            asm.ret(BAD_ARCH);
        }
        if (abis.contains("x32")) {
            asm.bind(x32);
            emitSection(asm, SyscallTable.forAbi("x32"), rules, defaultRet);
        }
    }

    private record Entry(int nr, SeccompRules.Resolution resolution) {
        boolean simple() {
            return resolution.conditional().isEmpty();
        }
    }

    private static void emitSection(BpfAssembler asm, SyscallTable table,
                                    Map<String, SeccompRules.Resolution> rules, int defaultRet) {
        List<Entry> entries = new ArrayList<>();
        rules.forEach((name, res) -> table.number(name).ifPresent(nr -> entries.add(new Entry(nr, res))));
        asm.load(OFF_NR);
        List<Map.Entry<Entry, Label>> blocks = new ArrayList<>();
        for (int start = 0; start < entries.size(); start += CHUNK) {
            emitChunk(asm, entries.subList(start, Math.min(entries.size(), start + CHUNK)), blocks);
        }
        asm.ret(defaultRet);
        for (Map.Entry<Entry, Label> block : blocks) {
            asm.bind(block.getValue());
            emitArgChecks(asm, block.getKey().resolution(), defaultRet);
        }
    }

    private static void emitChunk(BpfAssembler asm, List<Entry> chunk, List<Map.Entry<Entry, Label>> blocks) {
        Map<Integer, Label> returns = new LinkedHashMap<>();
        Map<Label, Label> stubs = new LinkedHashMap<>();
        for (Entry e : chunk) {
            Label target;
            if (e.simple()) {
                target = returns.computeIfAbsent(e.resolution().unconditionalRet(), r -> asm.label());
            } else {
                target = asm.label();
                Label block = asm.label();
                stubs.put(target, block);
                blocks.add(Map.entry(e, block));
            }
            asm.jump(BpfAssembler.JMP_JEQ_K, e.nr(), target, null);
        }
        Label next = asm.label();
        asm.jumpAlways(next);
        returns.forEach((ret, label) -> {
            asm.bind(label);
            asm.ret(ret);
        });
        stubs.forEach((stub, block) -> {
            asm.bind(stub);
            asm.jumpAlways(block);
        });
        asm.bind(next);
    }

    private static void emitArgChecks(BpfAssembler asm, SeccompRules.Resolution res, int defaultRet) {
        for (SeccompRules.Rule rule : res.conditional()) {
            Label fail = asm.label();
            for (SeccompProfile.Arg arg : rule.args()) {
                ArgComparison.emit(asm, OFF_ARGS + 8 * arg.index(), arg, fail);
            }
            asm.ret(rule.ret());
            asm.bind(fail);
        }
        asm.ret(res.unconditionalRet() == null ? defaultRet : res.unconditionalRet());
    }
}
