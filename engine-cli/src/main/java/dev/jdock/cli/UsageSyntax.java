package dev.jdock.cli;

import dev.jdock.cli.command.context.ContextCommands;
import dev.jdock.cli.core.Args;

/**
 * What follows the command in its {@code Usage:} line, and how many arguments it takes (its cobra {@code Args}
 * rule), as docker 28.2.2 has them.
 */
final class UsageSyntax {
    private static final int MANY = Integer.MAX_VALUE;
    private UsageSyntax() {
    }

    /** {@code cmd}'s arguments; a command not listed here shows {@code [OPTIONS]} when it has options. */
    static String of(Command cmd, boolean hasOptions) {
        return switch (cmd) {
            case RUN, CREATE -> "[OPTIONS] IMAGE [COMMAND] [ARG...]";
            case EXEC -> "[OPTIONS] CONTAINER COMMAND [ARG...]";
            case BUILD, BUILDER_BUILD -> "[OPTIONS] PATH | URL | -";
            case PULL -> "[OPTIONS] NAME[:TAG|@DIGEST]";
            case PUSH -> "[OPTIONS] NAME[:TAG]";
            case IMAGES -> "[OPTIONS] [REPOSITORY[:TAG]]";
            case LOGIN -> "[OPTIONS] [SERVER]";
            case SEARCH -> "[OPTIONS] TERM";
            case LOGOUT -> "[SERVER]";
            case ATTACH, EXPORT, LOGS -> "[OPTIONS] CONTAINER";
            case COMMIT -> "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]";
            case CP -> "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tjdock cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH";
            case DIFF -> "CONTAINER";
            case HISTORY -> "[OPTIONS] IMAGE";
            case IMPORT -> "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]";
            case INSPECT -> "[OPTIONS] NAME|ID [NAME|ID...]";
            case CONTAINER_INSPECT -> "[OPTIONS] CONTAINER [CONTAINER...]";
            case KILL, RESTART, RM, START, STOP, UPDATE -> "[OPTIONS] CONTAINER [CONTAINER...]";
            case PAUSE, UNPAUSE, WAIT -> "CONTAINER [CONTAINER...]";
            case PORT -> "CONTAINER [PRIVATE_PORT[/PROTO]]";
            case RENAME -> "CONTAINER NEW_NAME";
            case RMI, SAVE, IMAGE_INSPECT -> "[OPTIONS] IMAGE [IMAGE...]";
            case STATS -> "[OPTIONS] [CONTAINER...]";
            case TAG -> "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]";
            case TOP -> "CONTAINER [ps OPTIONS]";
            case BUILDER_PRUNE, CONTEXT_SHOW -> "";
            case CONTEXT_CREATE, CONTEXT_UPDATE -> "[OPTIONS] CONTEXT";
            case CONTEXT_EXPORT -> "[OPTIONS] CONTEXT [FILE|-]";
            case CONTEXT_IMPORT -> "CONTEXT FILE|-";
            case CONTEXT_INSPECT -> "[OPTIONS] [CONTEXT] [CONTEXT...]";
            case CONTEXT_RM -> "CONTEXT [CONTEXT...]";
            case CONTEXT_USE -> "CONTEXT";
            case NETWORK_CONNECT, NETWORK_DISCONNECT -> "[OPTIONS] NETWORK CONTAINER";
            case NETWORK_CREATE -> "[OPTIONS] NETWORK";
            case NETWORK_INSPECT -> "[OPTIONS] NETWORK [NETWORK...]";
            case NETWORK_RM -> "NETWORK [NETWORK...]";
            case VOLUME_CREATE -> "[OPTIONS] [VOLUME]";
            case VOLUME_INSPECT, VOLUME_RM -> "[OPTIONS] VOLUME [VOLUME...]";
            default -> hasOptions ? "[OPTIONS]" : "";
        };
    }

    /** What {@code --help} says the command does: docker's long text where it has one, else the summary. */
    static String description(Command cmd) {
        return switch (cmd) {
            case LOGIN -> "Authenticate to a registry.\nDefaults to Docker Hub if no server is specified.";
            case LOGOUT -> "Log out from a registry.\nIf no server is specified, the default is defined by the daemon.";
            case CP -> cmd.summary() + "\n\nUse '-' as the source to read a tar archive from stdin\n"
                    + "and extract it to a directory destination in a container.\n"
                    + "Use '-' as the destination to stream a tar archive of a\ncontainer source to stdout.";
            case VOLUME_RM -> "Remove one or more volumes. You cannot remove a volume that is in use by a container.";
            case CONTEXT_CREATE, CONTEXT_UPDATE -> cmd.summary() + "\n\nDocker endpoint config:\n\n"
                    + ContextCommands.endpointConfigTable() + "\nExample:\n\n$ jdock context "
                    + cmd.subWords().get(0)
                    + " my-context --description \"some description\" --docker \"host=tcp://myserver:2376,"
                    + "ca=~/ca-file,cert=~/cert-file,key=~/key-file\"";
            default -> cmd.summary();
        };
    }

    /**
     * Checks the arguments {@code cmd} was given against its rule: {@code requires 1 argument} and the like
     * ({@link Args#requireExactly} ...), which the entry point words with the usage line.
     */
    static void checkArguments(Command cmd, Args.Spec spec, Args a) {
        int[] r = arguments(cmd);
        if (r[1] == 0) {
            a.requireNone(spec);
        } else if (r[0] == r[1]) {
            a.requireExactly(spec, r[0]);
        } else if (r[1] == MANY) {
            a.requireAtLeast(spec, r[0]);
        } else if (r[0] == 0) {
            a.requireAtMost(spec, r[1]);
        } else {
            a.requireBetween(spec, r[0], r[1]);
        }
    }

    /** {min, max} arguments of {@code cmd}. */
    private static int[] arguments(Command cmd) {
        return switch (cmd) {
            case RUN, CREATE, IMPORT, INSPECT, CONTAINER_INSPECT, KILL, PAUSE, RESTART, RM, RMI, SAVE, START, STOP, TOP, UNPAUSE,
                    UPDATE, WAIT, CONTEXT_RM, IMAGE_INSPECT, NETWORK_INSPECT, NETWORK_RM, VOLUME_INSPECT,
                    VOLUME_RM -> new int[] {1, MANY};
            case EXEC -> new int[] {2, MANY};
            case BUILD, BUILDER_BUILD, PULL, PUSH, SEARCH, ATTACH, DIFF, EXPORT, HISTORY, LOGS, CONTEXT_CREATE,
                    CONTEXT_UPDATE, NETWORK_CREATE -> new int[] {1, 1};
            case CONTEXT_IMPORT -> new int[] {2, 2};
            case CONTEXT_EXPORT -> new int[] {1, 2};
            case CP, RENAME, TAG, NETWORK_CONNECT, NETWORK_DISCONNECT -> new int[] {2, 2};
            case IMAGES, LOGIN, LOGOUT, VOLUME_CREATE -> new int[] {0, 1};
            case COMMIT, PORT -> new int[] {1, 2};
            case PS, VERSION, INFO, EVENTS, LOAD, BUILDER_PRUNE, CONTAINER_PRUNE, CONTEXT_LS, CONTEXT_SHOW,
                    IMAGE_PRUNE, NETWORK_LS, NETWORK_PRUNE, SYSTEM_DF, SYSTEM_DIAL_STDIO, SYSTEM_PRUNE, VOLUME_LS,
                    VOLUME_PRUNE -> new int[] {0, 0};
            // context use words cobra's own ExactArgs ("accepts 1 arg(s), received 0") itself
            case STATS, CONTEXT_INSPECT, CONTEXT_USE -> new int[] {0, MANY};
        };
    }
}
