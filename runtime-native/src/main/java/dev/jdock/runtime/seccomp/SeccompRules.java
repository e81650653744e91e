package dev.jdock.runtime.seccomp;

import dev.jdock.runtime.caps.Capabilities;
import dev.jdock.runtime.caps.Capability;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Selects a profile's rules for one container the way moby's {@code setupSeccomp} does (includes/excludes on the
 * bounding caps, the Go architecture name and the kernel version) and groups them by syscall name.
 */
final class SeccompRules {
    /** One selected rule for one syscall name. */
    record Rule(String name, int ret, List<SeccompProfile.Arg> args) {}

    /** All rules of one syscall; the first unconditional rule wins over later ones. */
    record Resolution(Integer unconditionalRet, List<Rule> conditional) {}

    private SeccompRules() {}

    static Map<String, Resolution> select(SeccompProfile profile, long caps, String goArch, String kernel, int defaultRet) {
        Map<String, List<Rule>> byName = new LinkedHashMap<>();
        for (SeccompProfile.Syscall sc : profile.syscalls()) {
            if (!applies(sc, caps, goArch, kernel)) {
                continue;
            }
            int ret = SeccompAction.toRet(sc.action(), sc.errnoRet());
            if (ret == defaultRet) {
                continue; // libseccomp refuses rules equal to the default action; runc skips them
            }
            for (SeccompProfile.Arg a : sc.args()) {
                if (a.index() < 0 || a.index() > 5) {
                    throw new IllegalArgumentException("seccomp argument index out of range: " + a.index());
                }
            }
            for (String name : sc.allNames()) {
                byName.computeIfAbsent(name, k -> new ArrayList<>()).add(new Rule(name, ret, sc.args()));
            }
        }
        Map<String, Resolution> out = new LinkedHashMap<>();
        byName.forEach((name, rules) -> out.put(name, resolve(rules)));
        return out;
    }

    private static Resolution resolve(List<Rule> rules) {
        Integer unconditional = null;
        for (Rule r : rules) {
            if (r.args().isEmpty()) {
                unconditional = r.ret();
                break;
            }
        }
        List<Rule> conditional = new ArrayList<>();
        for (Rule r : rules) {
            if (!r.args().isEmpty() && (unconditional == null || r.ret() != unconditional)) {
                conditional.add(r);
            }
        }
        return new Resolution(unconditional, List.copyOf(conditional));
    }

    static boolean applies(SeccompProfile.Syscall sc, long caps, String goArch, String kernel) {
        SeccompProfile.Filter ex = sc.excludes();
        if (ex.arches().contains(goArch)) {
            return false;
        }
        for (String c : ex.caps()) {
            if (hasCap(caps, c)) {
                return false;
            }
        }
        if (ex.minKernel() != null && !ex.minKernel().isEmpty() && kernelAtLeast(kernel, ex.minKernel())) {
            return false;
        }
        SeccompProfile.Filter in = sc.includes();
        if (!in.arches().isEmpty() && !in.arches().contains(goArch)) {
            return false;
        }
        for (String c : in.caps()) {
            if (!hasCap(caps, c)) {
                return false;
            }
        }
        return in.minKernel() == null || in.minKernel().isEmpty() || kernelAtLeast(kernel, in.minKernel());
    }

    private static boolean hasCap(long caps, String name) {
        return Capability.parse(name).map(c -> Capabilities.has(caps, c)).orElse(false);
    }

    /** Whether kernel release {@code kernel} (e.g. {@code 6.18.0-1-amd64}) is at least {@code min} (e.g. {@code 4.8}). */
    static boolean kernelAtLeast(String kernel, String min) {
        int[] k = version(kernel);
        int[] m = version(min);
        for (int i = 0; i < 3; i++) {
            if (k[i] != m[i]) {
                return k[i] > m[i];
            }
        }
        return true;
    }

    private static int[] version(String release) {
        int[] v = new int[3];
        String[] parts = release.split("[^0-9]+", -1);
        int n = 0;
        for (String p : parts) {
            if (n == 3) {
                break;
            }
            if (!p.isEmpty()) {
                v[n++] = Integer.parseInt(p);
            } else if (n > 0) {
                break;
            }
        }
        return v;
    }
}
