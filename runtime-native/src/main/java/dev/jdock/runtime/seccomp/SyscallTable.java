package dev.jdock.runtime.seccomp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Syscall name → number for one ABI, from resources generated from the Linux UAPI headers
 * ({@code asm/unistd_64.h}, {@code unistd_x32.h} (numbers include the 0x40000000 x32 bit), {@code unistd_32.h}).
 */
public final class SyscallTable {
    private static final Map<String, SyscallTable> CACHE = new ConcurrentHashMap<>();

    private final String abi;
    private final Map<String, Integer> numbers;

    private SyscallTable(String abi, Map<String, Integer> numbers) {
        this.abi = abi;
        this.numbers = Collections.unmodifiableMap(numbers);
    }

    /** @param abi {@code x86_64}, {@code x32} or {@code i386} */
    public static SyscallTable forAbi(String abi) {
        return CACHE.computeIfAbsent(abi, SyscallTable::load);
    }

    private static SyscallTable load(String abi) {
        String resource = "/dev/jdock/runtime/seccomp/syscalls-" + abi + ".txt";
        try (InputStream in = SyscallTable.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no syscall table for " + abi);
            }
            Map<String, Integer> map = new HashMap<>();
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.US_ASCII));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] parts = line.trim().split("\\s+");
                map.put(parts[0], Integer.parseInt(parts[1]));
            }
            return new SyscallTable(abi, map);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String abi() {
        return abi;
    }

    public Optional<Integer> number(String name) {
        return Optional.ofNullable(numbers.get(name));
    }

    public int size() {
        return numbers.size();
    }
}
