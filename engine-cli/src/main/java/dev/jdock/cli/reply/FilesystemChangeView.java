package dev.jdock.cli.reply;

import dev.jdock.api.types.container.FilesystemChange;
import java.util.ArrayList;
import java.util.List;

/** One element of {@code GET /containers/{id}/changes} ({@link FilesystemChange}). */
@ViewOf(FilesystemChange.class)
public final class FilesystemChangeView extends JsonView {
    static final String KIND = "Kind";
    static final String PATH = "Path";

    public FilesystemChangeView(Object json) {
        super(json);
    }

    /** The views of a parsed {@code /changes} array (null: none). */
    public static List<FilesystemChangeView> listOf(Object array) {
        List<?> l = elements(array);
        List<FilesystemChangeView> out = new ArrayList<>(l.size());
        for (Object o : l) {
            out.add(new FilesystemChangeView(o));
        }
        return out;
    }

    /** 0 modified, 1 added, 2 deleted. */
    public long kind() {
        return num(KIND);
    }

    public String path() {
        return str(PATH);
    }
}
