package dev.jdock.cli.plugin;

import java.nio.file.Path;

/**
 * A CLI plugin candidate: an executable {@code docker-NAME} in a plugin directory, its metadata when it answered
 * {@code docker-cli-plugin-metadata}, and why it is invalid (docker's text), or null when it is valid. An invalid
 * plugin is listed under "Invalid Plugins" in {@code jdock --help} and never run, as the docker CLI does.
 */
public record Plugin(String name, Path path, PluginMetadata metadata, String error) {
    public boolean valid() {
        return error == null;
    }

    /** The one line {@code jdock --help} shows for it. */
    public String shortDescription() {
        return metadata == null ? "" : metadata.shortDescription();
    }
}
