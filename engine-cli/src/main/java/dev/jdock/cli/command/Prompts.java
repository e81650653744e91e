package dev.jdock.cli.command;

import dev.jdock.cli.core.Cli;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/** The prune commands' question (a class of its own: its readers stay off the ps and rm paths). */
public final class Prompts {
    private Prompts() {
    }

    /** docker's PromptForConfirmation: the message, {@code " [y/N] "}, then one line of input. */
    public static boolean confirm(Cli cli, InputStream stdin, String message) throws IOException {
        cli.out().print(message + " [y/N] ");
        cli.out().flush();
        String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
        return line != null && line.strip().equalsIgnoreCase("y");
    }
}
