package dev.jdock.cli;

/** What follows the command in its {@code Usage:} line, as docker 28.2.2 prints it. */
final class UsageSyntax {
    private UsageSyntax() {
    }

    /** {@code cmd}'s arguments as called by {@code path} ({@code container inspect} names containers only). */
    static String of(Command cmd, boolean hasOptions, String path) {
        return cmd == Command.INSPECT && path.startsWith("container ") ? "[OPTIONS] CONTAINER [CONTAINER...]"
                : of(cmd, hasOptions);
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
            case LOGOUT -> "[SERVER]";
            case ATTACH, EXPORT, LOGS -> "[OPTIONS] CONTAINER";
            case COMMIT -> "[OPTIONS] CONTAINER [REPOSITORY[:TAG]]";
            case CP -> "[OPTIONS] CONTAINER:SRC_PATH DEST_PATH|-\n\tjdock cp [OPTIONS] SRC_PATH|- CONTAINER:DEST_PATH";
            case DIFF -> "CONTAINER";
            case HISTORY -> "[OPTIONS] IMAGE";
            case IMPORT -> "[OPTIONS] file|URL|- [REPOSITORY[:TAG]]";
            case INSPECT -> "[OPTIONS] NAME|ID [NAME|ID...]";
            case KILL, RESTART, RM, START, STOP, UPDATE -> "[OPTIONS] CONTAINER [CONTAINER...]";
            case PAUSE, UNPAUSE, WAIT -> "CONTAINER [CONTAINER...]";
            case PORT -> "CONTAINER [PRIVATE_PORT[/PROTO]]";
            case RENAME -> "CONTAINER NEW_NAME";
            case RMI, SAVE, IMAGE_INSPECT -> "[OPTIONS] IMAGE [IMAGE...]";
            case STATS -> "[OPTIONS] [CONTAINER...]";
            case TAG -> "SOURCE_IMAGE[:TAG] TARGET_IMAGE[:TAG]";
            case TOP -> "CONTAINER [ps OPTIONS]";
            case BUILDER_PRUNE, CONTEXT_SHOW -> "";
            case CONTEXT_CREATE -> "[OPTIONS] CONTEXT";
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
}
