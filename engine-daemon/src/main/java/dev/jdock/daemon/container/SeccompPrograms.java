package dev.jdock.daemon.container;

import dev.jdock.daemon.store.AtomicFiles;
import dev.jdock.daemon.store.DataRootModes;
import dev.jdock.runtime.seccomp.SeccompCompiler;
import dev.jdock.runtime.seccomp.SeccompProfile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Compiled seccomp programs (x86_64), kept in memory per (profile, capability set), and Docker's default profile's
 * also on disk: the program depends only on the profile, the capabilities, the kernel release ({@code minKernel}) and
 * the compiler, and the first compile after jdockd starts takes 150-300 ms (the profile's parse and the compiler run
 * interpreted, their classes loaded) where a warm one takes ~5 ms. So a daemon's first start of a container reads
 * what an earlier daemon compiled, and loads none of that code.
 *
 * <p>The disk copies live in {@code <data-root>/seccomp} (0700, files 0600, root's like the rest of the data root).
 * A file is named by a digest of everything the program depends on: the capabilities, the kernel release and the
 * identity of the compiler's jar, which holds the profile too (its path, size and modification time: any new build
 * or install is another name); it holds the program and a CRC-32 of that name and the program, checked at every
 * read (a torn or changed file is compiled again and replaced, never loaded). Without a jar (classes from a directory:
 * tests, an IDE) nothing is kept on disk. At most {@value #DISK_MAX} files: the directory is emptied when full (old
 * kernels and builds leave theirs behind).
 */
public final class SeccompPrograms {
    private static final Logger LOG = LoggerFactory.getLogger(SeccompPrograms.class);
    static final int MEMORY_MAX = 64;
    static final int DISK_MAX = 256;
    private static final int CHECK = 8;
    /** A program is at most 4,096 instructions of 8 bytes (BPF_MAXINSNS). */
    private static final int PROGRAM_MAX = 4096 * 8;

    /** Compiles a profile for a capability set (and this kernel). */
    interface Compiler {
        byte[] compile(SeccompProfile profile, long caps);
    }

    private final Path dir;
    private final String compilerId;
    private final String kernel;
    private final Compiler compiler;
    private final Supplier<byte[]> defaultProfile;
    private final Map<String, byte[]> memory = new ConcurrentHashMap<>();

    /**
     * @param dir        where programs of the default profile are kept ({@code <data-root>/seccomp}), or null: none
     * @param compilerId what identifies the compiler's code (null: nothing kept on disk)
     * @param kernel     the kernel release the programs are compiled for
     */
    SeccompPrograms(Path dir, String compilerId, String kernel, Compiler compiler, Supplier<byte[]> defaultProfile) {
        this.dir = compilerId == null ? null : dir;
        this.compilerId = compilerId;
        this.kernel = kernel;
        this.compiler = compiler;
        this.defaultProfile = defaultProfile;
    }

    /** jdock's compiler for the running kernel, keeping the default profile's programs in {@code dir}. */
    public static SeccompPrograms of(Path dir) {
        String kernel = System.getProperty("os.version", "0.0");
        return new SeccompPrograms(dir, jarIdentity(SeccompCompiler.class), kernel,
                (profile, caps) -> SeccompCompiler.compile(profile, caps, "x86_64", kernel),
                SeccompProfile::dockerDefaultJson);
    }

    /** Docker's default profile compiled for {@code caps}. */
    public byte[] defaultProgram(long caps) {
        String key = "default/" + Long.toHexString(caps);
        byte[] bpf = memory.get(key);
        if (bpf == null) {
            String name = diskName(caps);
            bpf = read(name);
            if (bpf == null) {
                bpf = compile(defaultProfile.get(), caps);
                keep(name, bpf);
            }
            remember(key, bpf);
        }
        return bpf;
    }

    /** A profile given as JSON, compiled for {@code caps}; an {@link IllegalArgumentException} when it is not one. */
    public byte[] program(byte[] profileJson, long caps) {
        String key = hex(sha256(profileJson)) + "/" + Long.toHexString(caps);
        byte[] bpf = memory.get(key);
        if (bpf == null) {
            bpf = compile(profileJson, caps);
            remember(key, bpf);
        }
        return bpf;
    }

    /** Two first starts at once may both compile (the same program): no lock is held while compiling. */
    private void remember(String key, byte[] bpf) {
        if (memory.size() < MEMORY_MAX) {
            memory.put(key, bpf);
        }
    }

    private byte[] compile(byte[] json, long caps) {
        return compiler.compile(SeccompProfile.parse(json), caps);
    }

    /** The default profile is a resource of the compiler's jar: the jar's identity stands for its bytes too. */
    private String diskName(long caps) {
        if (dir == null) {
            return null;
        }
        return hex(sha256(("default\0" + Long.toHexString(caps) + "\0x86_64\0" + kernel + "\0" + compilerId)
                .getBytes(StandardCharsets.UTF_8))) + ".bpf";
    }

    /** The program kept under NAME, or null when there is none or it is not whole. */
    private byte[] read(String name) {
        if (name == null) {
            return null;
        }
        Path file = dir.resolve(name);
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            long size = a.size();
            if (!a.isRegularFile() || size <= CHECK || size > PROGRAM_MAX + CHECK || (size - CHECK) % 8 != 0) {
                LOG.warn("seccomp program {}: {} bytes, not a kept program; compiling again", file, size);
                return null;
            }
            byte[] all = Files.readAllBytes(file);
            byte[] bpf = Arrays.copyOf(all, all.length - CHECK);
            if (all.length != size || !MessageDigest.isEqual(check(name, bpf),
                    Arrays.copyOfRange(all, all.length - CHECK, all.length))) {
                LOG.warn("seccomp program {}: its check does not match; compiling again", file);
                return null;
            }
            return bpf;
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            LOG.warn("seccomp program {}: {}; compiling again", file, e.toString());
            return null;
        }
    }

    private void keep(String name, byte[] bpf) {
        if (name == null) {
            return;
        }
        try {
            Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(DataRootModes.DIRECTORY));
            int n = 0;
            try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                for (Path ignored : entries) {
                    n++;
                }
            }
            if (n >= DISK_MAX) {
                try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
                    for (Path p : entries) {
                        Files.deleteIfExists(p);
                    }
                }
            }
            byte[] all = Arrays.copyOf(bpf, bpf.length + CHECK);
            System.arraycopy(check(name, bpf), 0, all, bpf.length, CHECK);
            // derivable: not synced (a torn file fails its check and is compiled again)
            AtomicFiles.writeDerived(dir.resolve(name), all, AtomicFiles.PRIVATE);
        } catch (IOException | RuntimeException e) {
            LOG.warn("keeping the seccomp program in {}: {}", dir, e.toString());
        }
    }

    /**
     * The name's and the program's CRC-32, as 8 bytes: a file torn by a crash or changed by a disk fault, or another
     * name's file, fails it. The directory is root's alone (whoever writes there is root already); zlib's CRC-32 is
     * native code, where a SHA-256 of the program costs a first start 5 ms interpreted.
     */
    private static byte[] check(String name, byte[] bpf) {
        CRC32 crc = new CRC32();
        crc.update(name.getBytes(StandardCharsets.UTF_8));
        crc.update(bpf);
        return ByteBuffer.allocate(CHECK).putLong(crc.getValue()).array();
    }

    /** The jar a class came from as "path size mtime", or null when it did not come from a jar. */
    static String jarIdentity(Class<?> c) {
        try {
            var source = c.getProtectionDomain().getCodeSource();
            if (source == null) {
                return null;
            }
            Path p = Path.of(source.getLocation().toURI());
            BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            return p + " " + a.size() + " " + a.lastModifiedTime().toMillis();
        } catch (Exception e) {
            return null;
        }
    }

    private static byte[] sha256(byte[] b) {
        return digest().digest(b);
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
