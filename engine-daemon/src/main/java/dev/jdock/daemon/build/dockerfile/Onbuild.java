package dev.jdock.daemon.build.dockerfile;

/**
 * {@code ONBUILD <instruction>}: {@code expression} is what the image config's OnBuild list stores (the text after
 * ONBUILD, with heredoc bodies appended as BuildKit does); {@code trigger} is that instruction parsed, for checks.
 * A child build parses its parent's triggers with {@link Dockerfile#parseTriggers}.
 */
public record Onbuild(int line, String original, String expression, Instruction trigger) implements Instruction {
}
