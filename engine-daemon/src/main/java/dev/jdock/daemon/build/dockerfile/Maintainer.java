package dev.jdock.daemon.build.dockerfile;

/** {@code MAINTAINER name} (deprecated; sets the image's Author). */
public record Maintainer(int line, String original, String name) implements Instruction {
}
