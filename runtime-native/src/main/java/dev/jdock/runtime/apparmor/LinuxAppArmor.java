package dev.jdock.runtime.apparmor;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The host's AppArmor through sysfs, securityfs and {@code apparmor_parser}. Whether it is supported is read once,
 * by {@link #detect} (the composition root), never in the constructor; the loaded profiles are read at each
 * question (a package upgrade may unload a profile, which moby's default profile check at every start is for).
 */
public final class LinuxAppArmor implements AppArmor {
    /** How long {@code apparmor_parser} may take to compile and load one profile. */
    private static final long PARSER_TIMEOUT_SECONDS = 60;
    /** A loaded profile list is at most this big (each line a name and its mode); a longer one is not read on. */
    private static final long MAX_PROFILE_LINES = 1 << 20;

    /** Runs a command with the given stdin and returns its exit status and combined output. */
    public interface Runner {
        Result run(List<String> argv, byte[] stdin) throws IOException;

        /** The exit status and the combined stdout and stderr. */
        record Result(int exitCode, String output) {
        }
    }

    private final Path sys;
    private final Path ownAttr;
    private final Runner runner;
    private final boolean supported;

    /**
     * @param sys       sysfs' root ({@code /sys}): securityfs is expected at {@code kernel/security}
     * @param ownAttr   {@code /proc/self/attr/current}
     * @param supported as {@link #detect} found it
     */
    public LinuxAppArmor(Path sys, Path ownAttr, Runner runner, boolean supported) {
        this.sys = sys;
        this.ownAttr = ownAttr;
        this.runner = runner;
        this.supported = supported;
    }

    /** This host's: {@code /sys}, {@code /proc/self/attr/current}, {@code apparmor_parser} from the PATH. */
    public static LinuxAppArmor host() {
        Path sys = Path.of("/sys");
        return new LinuxAppArmor(sys, Path.of("/proc/self/attr/current"), LinuxAppArmor::runProcess, detect(sys));
    }

    /** runc's {@code IsEnabled}: securityfs' {@code apparmor} directory exists and the module says {@code Y}. */
    public static boolean detect(Path sys) {
        if (!Files.isDirectory(sys.resolve("kernel/security/apparmor"))) {
            return false;
        }
        try {
            byte[] enabled = Files.readAllBytes(sys.resolve("module/apparmor/parameters/enabled"));
            return enabled.length > 1 && enabled[0] == 'Y';
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean supported() {
        return supported;
    }

    @Override
    public boolean isLoaded(String name) throws IOException {
        Path profiles = sys.resolve("kernel/security/apparmor/profiles");
        try (BufferedReader r = Files.newBufferedReader(profiles, StandardCharsets.UTF_8)) {
            String line;
            for (long n = 0; n < MAX_PROFILE_LINES && (line = r.readLine()) != null; n++) {
                int sp = line.indexOf(' ');
                if (sp > 0 && line.substring(0, sp).equals(name)) {
                    return true;
                }
            }
        }
        return false;
    }

    @Override
    public void load(String profileSource) throws IOException {
        // -K: do not write a cache (the cache directory may be read-only); -r: replace a loaded profile of the name
        List<String> argv = List.of("apparmor_parser", "-Kr");
        Runner.Result r = runner.run(argv, profileSource.getBytes(StandardCharsets.UTF_8));
        if (r.exitCode() != 0) {
            throw new IOException("running '" + String.join(" ", argv) + "' failed with output: " + r.output().strip()
                    + "\nerror: exit status " + r.exitCode());
        }
    }

    @Override
    public String ownProfile() {
        try {
            String current = Files.readString(ownAttr, StandardCharsets.UTF_8).strip();
            int sp = current.indexOf(' '); // "name (enforce)"
            String name = sp < 0 ? current : current.substring(0, sp);
            return name.isEmpty() ? "unconfined" : name;
        } catch (IOException e) {
            return "unconfined";
        }
    }

    /** The real {@link Runner}: the command with the daemon's environment, its stdin written and closed. */
    static Runner.Result runProcess(List<String> argv, byte[] stdin) throws IOException {
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin);
        } catch (IOException e) {
            // the parser may exit early (a syntax error); its output says why
        }
        byte[] out;
        try (InputStream o = p.getInputStream()) {
            out = o.readNBytes(64 << 10);
            o.transferTo(OutputStream.nullOutputStream()); // the rest is not kept, but read: the parser never blocks
        }
        try {
            if (!p.waitFor(PARSER_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(argv.get(0) + " did not finish within " + PARSER_TIMEOUT_SECONDS + " s");
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(argv.get(0) + " interrupted", e);
        }
        return new Runner.Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }
}
