package dev.jdock.cli.reply;

import dev.jdock.api.types.container.MountPoint;
import java.util.ArrayList;
import java.util.List;

/** One mount of a container summary or inspect ({@link MountPoint}). */
@ViewOf(MountPoint.class)
public final class MountPointView extends JsonView {
    static final String NAME = "Name";
    static final String SOURCE = "Source";
    static final String DRIVER = "Driver";

    MountPointView(Object json) {
        super(json);
    }

    static List<MountPointView> listOf(List<Object> array) {
        List<MountPointView> out = new ArrayList<>(array.size());
        for (Object o : array) {
            out.add(new MountPointView(o));
        }
        return out;
    }

    /** The volume name; empty for a bind mount. */
    public String name() {
        return str(NAME);
    }

    public String source() {
        return str(SOURCE);
    }

    /** The volume driver ({@code local}); empty for a bind mount. */
    public String driver() {
        return str(DRIVER);
    }
}
