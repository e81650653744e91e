package dev.jdock.daemon.container;

import dev.jdock.api.types.container.ContainerCreateRequest;
import dev.jdock.api.types.container.ContainerInspect;
import dev.jdock.api.types.container.ContainerSummary;
import dev.jdock.daemon.api.Filters;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** What {@link ContainerRouter} needs: create, query, start/stop/kill/remove, wait, attach, resize and logs. */
public interface ContainerBackend extends ContainerLookup {
    Container create(String name, ContainerCreateRequest req);

    /**
     * {@code POST /containers/create?platform=}: as {@link #create(String, ContainerCreateRequest)}, the image
     * checked against {@code platform} ({@code os/arch[/variant]}; null or empty for none).
     */
    default Container create(String name, String platform, ContainerCreateRequest req) {
        return create(name, req);
    }

    List<ContainerSummary> list(boolean all, long limit, Filters filters);

    ContainerInspect inspect(String ref);

    void start(Container c);

    void stop(Container c, Optional<String> signal, Optional<Integer> timeoutSeconds);

    void kill(Container c, int signal);

    /** {@code ref} as the client gave it (moby's messages name it). */
    void remove(Container c, String ref, boolean force, boolean removeVolumes);

    /** {@code DELETE /containers/<parent>/<alias>?link=true}. */
    void removeLink(String ref);

    CompletableFuture<ContainerRunState> waitFor(Container c, String condition);

    /**
     * Registers an attach before the connection is hijacked, so that no output is lost; with {@code logs}, notes
     * where the log's replay is to end ({@link AttachSession#logEnd}).
     */
    AttachSession openAttach(Container c, AttachSession.Streams streams, boolean logs);

    void resize(Container c, int height, int width);

    void logs(Container c, ContainerLogs.Options o, OutputStream out, CompletableFuture<Void> clientGone)
            throws IOException;

    /**
     * Before a log read's response starts: moby's ContainerLogs makes the logger of a container that is not running
     * (StartLogger), so options its driver refuses (a bad labels-regex, env-regex or tag, which fail the start) fail
     * the read too, 500 with the driver's own words.
     */
    default void checkLogger(Container c) {
    }
}
