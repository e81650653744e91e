package dev.jdock.nativeimage;

import java.util.Arrays;
import org.graalvm.nativeimage.ProcessProperties;
import org.graalvm.nativeimage.RuntimeOptions;
import org.graalvm.nativeimage.VMRuntime;

/**
 * The main class of one native image that is both programs (scripts/native/build.sh both): the daemon when the program
 * was started as {@code jdockd} (the name it was run by, argv[0], not the file's: a symbolic link named jdock runs the
 * CLI), the CLI otherwise. One build instead of two (docs/performance.md, "The native CLI, and one image for both").
 *
 * <p>The image does not take options from its command line (the CLI's arguments are the user's: {@code jdock run
 * IMAGE java -Xmx1g} must keep its -Xmx1g). The daemon's launcher puts the image's options first ({@code -Xmx128m
 * -XX:MaxNewSize=4m -Dio.netty...}): those leading ones are applied here, the rest are the daemon's arguments. The
 * run-time initialization the option parsing would run runs here too (without it SIGPIPE is not ignored: the daemon
 * died of a client that closed its connection, exit 141).
 */
public final class Programs {
    private Programs() {
    }

    public static void main(String[] args) throws Exception {
        String name = ProcessProperties.getArgumentVectorProgramName();
        if (name != null && name.substring(name.lastIndexOf('/') + 1).equals("jdockd")) {
            String[] daemonArgs = imageOptions(args);
            VMRuntime.initialize();
            dev.jdock.daemon.Jdockd.main(daemonArgs);
        } else {
            VMRuntime.initialize();
            dev.jdock.cli.Jdock.main(args);
        }
    }

    /** Applies the leading -Dkey=value, -Xmx, -Xmn and -XX: arguments; returns the others. */
    static String[] imageOptions(String[] args) {
        int i = 0;
        for (; i < args.length; i++) {
            String a = args[i];
            if (a.startsWith("-D") && a.length() > 2) {
                int eq = a.indexOf('=');
                System.setProperty(a.substring(2, eq < 0 ? a.length() : eq), eq < 0 ? "" : a.substring(eq + 1));
            } else if (a.startsWith("-Xmx")) {
                set("MaxHeapSize", a.substring(4));
            } else if (a.startsWith("-Xmn")) {
                set("MaxNewSize", a.substring(4));
            } else if (a.startsWith("-XX:+") || a.startsWith("-XX:-")) {
                RuntimeOptions.set(a.substring(5), a.charAt(4) == '+');
            } else if (a.startsWith("-XX:") && a.indexOf('=') > 4) {
                set(a.substring(4, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
            } else {
                break;
            }
        }
        return Arrays.copyOfRange(args, i, args.length);
    }

    /** Sets a run-time option of the image; a size may end in k, m or g, as on the JVM's command line. */
    static void set(String option, String value) {
        RuntimeOptions.Descriptor d = RuntimeOptions.getDescriptor(option);
        if (d == null) {
            throw new IllegalArgumentException("the native image has no option " + option);
        }
        String v = value.toLowerCase(java.util.Locale.ROOT);
        int shift = v.endsWith("k") ? 10 : v.endsWith("m") ? 20 : v.endsWith("g") ? 30 : 0;
        if (shift > 0 && (d.valueType() == Long.class || d.valueType() == Integer.class)) {
            long bytes = Long.parseLong(v.substring(0, v.length() - 1)) << shift;
            RuntimeOptions.set(option, d.valueType() == Long.class ? (Object) bytes : (Object) Math.toIntExact(bytes));
        } else {
            RuntimeOptions.set(option, d.convertValue(value));
        }
    }
}
