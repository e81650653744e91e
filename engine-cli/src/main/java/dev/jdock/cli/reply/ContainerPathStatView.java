package dev.jdock.cli.reply;

import dev.jdock.api.types.container.ContainerPathStat;

/** The {@code X-Docker-Container-Path-Stat} header of the archive endpoints, decoded ({@link ContainerPathStat}). */
@ViewOf(ContainerPathStat.class)
public final class ContainerPathStatView extends JsonView {
    static final String NAME = "name";
    static final String MODE = "mode";
    static final String LINK_TARGET = "linkTarget";

    public ContainerPathStatView(Object json) {
        super(json);
    }

    public String name() {
        return str(NAME);
    }

    /** Go's {@code os.FileMode} bits. */
    public long mode() {
        return num(MODE);
    }

    public String linkTarget() {
        return str(LINK_TARGET);
    }
}
