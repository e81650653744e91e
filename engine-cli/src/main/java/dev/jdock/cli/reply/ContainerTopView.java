package dev.jdock.cli.reply;

import dev.jdock.api.types.container.ContainerTopResponse;
import java.util.ArrayList;
import java.util.List;

/** The reply of {@code GET /containers/{id}/top} ({@link ContainerTopResponse}). */
@ViewOf(ContainerTopResponse.class)
public final class ContainerTopView extends JsonView {
    static final String TITLES = "Titles";
    static final String PROCESSES = "Processes";

    public ContainerTopView(Object json) {
        super(json);
    }

    /** The {@code ps} column titles. */
    public List<String> titles() {
        return strings(TITLES);
    }

    /** One row of cells per process ({@code String.valueOf} of each cell; a row that is not an array: none). */
    public List<List<String>> processes() {
        List<List<String>> out = new ArrayList<>();
        for (Object row : list(PROCESSES)) {
            List<String> cells = new ArrayList<>();
            if (row instanceof List<?> l) {
                for (Object c : l) {
                    cells.add(String.valueOf(c));
                }
            }
            out.add(cells);
        }
        return out;
    }
}
