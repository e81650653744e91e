package dev.jdock.daemon.image;

import dev.jdock.api.ApiVersion;
import dev.jdock.api.types.image.ImageDeleteResponseItem;
import dev.jdock.api.types.image.ImageInspect;
import dev.jdock.api.types.image.ImageSummary;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.daemon.api.Filters;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

/** What {@link ImageRouter} needs: list, inspect, tag, remove, load, save, import, pull and push. */
public interface ImageBackend {
    List<ImageSummary> list(boolean all, Filters filters, ApiVersion version);

    ImageInspect inspect(String name, ApiVersion version);

    void tag(String source, String repo, String tag);

    List<ImageDeleteResponseItem> remove(String name, boolean force, boolean prune);

    /** Returns after the archive is stored; each "Loaded image" line goes to {@code out}. */
    void load(InputStream archive, Consumer<String> out);

    /** As {@link #load(InputStream, Consumer)}, each layer unpacked shown on {@code progress} ("Loading layer"). */
    default void load(InputStream archive, Consumer<String> out, ProgressStream progress) {
        load(archive, out);
    }

    /** Resolves and checks the images to save (errors surface here, before any byte); the export writes the tar. */
    ImageService.ImageExport prepareSave(List<String> names);

    /** {@code src} is "-" (the body) or the URL the tar came from; returns the new image's ID. */
    String importImage(InputStream rootfsTar, String src, String repo, String tag, String message,
            List<String> changes);

    /** Resolves the manifest now (registry errors are thrown here); the job streams the pull's progress. */
    ImageService.ProgressJob preparePull(String fromImage, String tag, String platform, AuthConfig auth);

    ImageService.ProgressJob preparePush(String name, String tag, AuthConfig auth);
}
