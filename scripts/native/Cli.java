package dev.jdock.nativeimage;

import org.graalvm.nativeimage.VMRuntime;

/**
 * The native CLI's main class (scripts/native/build.sh cli): the image parses no options from the command line (they
 * are the user's), so its run-time initialization, which the option parsing would run, runs here: without it the
 * image does not ignore SIGPIPE (a write to a closed pipe or socket kills it, exit 141, where the JVM's CLI gets an
 * IOException).
 */
public final class Cli {
    private Cli() {
    }

    public static void main(String[] args) {
        VMRuntime.initialize();
        dev.jdock.cli.Jdock.main(args);
    }
}
