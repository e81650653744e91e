package dev.jdock.daemon.build.dockerfile;

import java.util.List;

/** {@code SHELL ["executable", "params"]}: JSON form only. */
public record Shell(int line, String original, List<String> shell) implements Instruction {
}
