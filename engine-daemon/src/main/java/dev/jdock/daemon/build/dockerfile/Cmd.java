package dev.jdock.daemon.build.dockerfile;

import java.util.List;

/**
 * {@code CMD}: exec form ({@code shellForm} false, one element per JSON string) or shell form (one element, the
 * text after CMD, run with the stage's SHELL).
 */
public record Cmd(int line, String original, List<String> command, boolean shellForm) implements Instruction {
}
