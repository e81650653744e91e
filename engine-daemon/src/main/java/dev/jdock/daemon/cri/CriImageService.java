package dev.jdock.daemon.cri;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.jdock.api.types.system.AuthConfig;
import dev.jdock.api.value.ImageReference;
import dev.jdock.daemon.cri.v1.FilesystemIdentifier;
import dev.jdock.daemon.cri.v1.FilesystemUsage;
import dev.jdock.daemon.cri.v1.Image;
import dev.jdock.daemon.cri.v1.ImageFsInfoRequest;
import dev.jdock.daemon.cri.v1.ImageFsInfoResponse;
import dev.jdock.daemon.cri.v1.ImageServiceGrpc;
import dev.jdock.daemon.cri.v1.ImageSpec;
import dev.jdock.daemon.cri.v1.ImageStatusRequest;
import dev.jdock.daemon.cri.v1.ImageStatusResponse;
import dev.jdock.daemon.cri.v1.Int64Value;
import dev.jdock.daemon.cri.v1.ListImagesRequest;
import dev.jdock.daemon.cri.v1.ListImagesResponse;
import dev.jdock.daemon.cri.v1.PullImageRequest;
import dev.jdock.daemon.cri.v1.PullImageResponse;
import dev.jdock.daemon.cri.v1.RemoveImageRequest;
import dev.jdock.daemon.cri.v1.RemoveImageResponse;
import dev.jdock.daemon.cri.v1.StreamImagesRequest;
import dev.jdock.daemon.cri.v1.StreamImagesResponse;
import dev.jdock.daemon.cri.v1.UInt64Value;
import dev.jdock.daemon.errors.EngineException;
import dev.jdock.daemon.errors.ErrorKind;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.function.Supplier;

/**
 * {@code runtime.v1.ImageService} on the daemon's image store, answered as containerd 1.6's CRI plugin answers:
 * a missing image is an empty ImageStatus and a successful RemoveImage, PullImage returns the image ID (the config
 * digest, as {@link Image#getId} shows it), repo tags and digests are fully qualified.
 */
final class CriImageService extends ImageServiceGrpc.ImageServiceImplBase {
    /** Images per StreamImages message. */
    static final int STREAM_BATCH = 100;
    private static final Set<String> DOCKER_HUB = Set.of("docker.io", "index.docker.io", "registry-1.docker.io");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CriImages images;

    CriImageService(CriImages images) {
        this.images = images;
    }

    @Override
    public void listImages(ListImagesRequest request, StreamObserver<ListImagesResponse> out) {
        answer(out, () -> ListImagesResponse.newBuilder().addAllImages(list(request.getFilter().getImage()))
                .build());
    }

    @Override
    public void streamImages(StreamImagesRequest request, StreamObserver<StreamImagesResponse> out) {
        List<Image> all;
        try {
            all = list(request.getFilter().getImage());
        } catch (RuntimeException e) {
            out.onError(CriStatus.of(e, "list images"));
            return;
        }
        for (int i = 0; i < all.size(); i += STREAM_BATCH) {
            out.onNext(StreamImagesResponse.newBuilder()
                    .addAllImages(all.subList(i, Math.min(all.size(), i + STREAM_BATCH))).build());
        }
        out.onCompleted();
    }

    /** Every image, or the one {@code filter} names (none when it names none). */
    private List<Image> list(ImageSpec filter) {
        List<String> ids = filter.getImage().isEmpty() ? images.ids()
                : images.find(filter.getImage()).map(List::of).orElse(List.of());
        return ids.stream().map(images::view).flatMap(Optional::stream).map(CriImageService::toCri).toList();
    }

    @Override
    public void imageStatus(ImageStatusRequest request, StreamObserver<ImageStatusResponse> out) {
        answer(out, () -> {
            Optional<CriImages.ImageView> view = images.find(request.getImage().getImage()).flatMap(images::view);
            if (view.isEmpty()) {
                return ImageStatusResponse.getDefaultInstance(); // containerd: no image and no error
            }
            ImageStatusResponse.Builder b = ImageStatusResponse.newBuilder().setImage(toCri(view.get()));
            if (request.getVerbose()) {
                b.putInfo("info", verboseInfo(view.get()));
            }
            return b.build();
        });
    }

    @Override
    public void pullImage(PullImageRequest request, StreamObserver<PullImageResponse> out) {
        String reference = request.getImage().getImage();
        answer(out, () -> {
            if (reference.isEmpty()) {
                throw EngineException.invalid("image reference is empty");
            }
            ImageReference ref = parse(reference);
            AuthConfig auth = auth(request.hasAuth() ? request.getAuth() : null, ref.domain());
            Context call = Context.current();
            try {
                return PullImageResponse.newBuilder().setImageRef(images.pull(reference, auth, call::isCancelled))
                        .build();
            } catch (EngineException e) {
                if (call.isCancelled()) { // the client went away: whatever the stopped pull threw
                    throw new CancellationException("pull of " + ref + " cancelled");
                }
                throw new EngineException(e.kind(), "failed to pull image \"" + ref + "\": " + e.getMessage());
            }
        });
    }

    @Override
    public void removeImage(RemoveImageRequest request, StreamObserver<RemoveImageResponse> out) {
        answer(out, () -> {
            Optional<String> id = images.find(request.getImage().getImage());
            try {
                id.ifPresent(images::remove);
            } catch (EngineException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) { // removed meanwhile: what was asked
                    throw e;
                }
            }
            return RemoveImageResponse.getDefaultInstance();
        });
    }

    @Override
    public void imageFsInfo(ImageFsInfoRequest request, StreamObserver<ImageFsInfoResponse> out) {
        answer(out, () -> {
            CriImages.Usage u = images.usage();
            return ImageFsInfoResponse.newBuilder().addImageFilesystems(filesystemUsage(u.mountpoint(),
                    u.usedBytes(), u.inodesUsed(), u.timestampNanos()))
                    .build(); // no container_filesystems: containerd 1.6 has none either (same file system)
        });
    }

    /** The CRI's figures of what something takes on a file system, taken at {@code at} (epoch ns). */
    static FilesystemUsage filesystemUsage(String mountpoint, long usedBytes, long inodesUsed, long at) {
        return FilesystemUsage.newBuilder()
                .setTimestamp(at)
                .setFsId(FilesystemIdentifier.newBuilder().setMountpoint(mountpoint))
                .setUsedBytes(UInt64Value.newBuilder().setValue(usedBytes))
                .setInodesUsed(UInt64Value.newBuilder().setValue(inodesUsed))
                .build();
    }

    /** containerd's toCRIImage. */
    static Image toCri(CriImages.ImageView v) {
        Image.Builder b = Image.newBuilder().setId(v.id()).addAllRepoTags(v.repoTags())
                .addAllRepoDigests(v.repoDigests())
                // "must be > 0": an image without content has at least its config
                .setSize(v.size() > 0 ? v.size() : v.config().length)
                .setSpec(ImageSpec.newBuilder().setImage(v.id()))
                .setPinned(false);
        String user = v.user().split(":", 2)[0]; // user[:group]
        if (!user.isEmpty()) {
            try {
                b.setUid(Int64Value.newBuilder().setValue(Long.parseLong(user)));
            } catch (NumberFormatException e) {
                b.setUsername(user);
            }
        }
        return b.build();
    }

    /** containerd's verbose ImageStatus info: {@code {"chainID": ..., "imageSpec": <the image config>}}. */
    static String verboseInfo(CriImages.ImageView v) {
        ObjectNode info = JSON.createObjectNode();
        info.put("chainID", v.chainId() == null ? "" : v.chainId());
        try {
            info.set("imageSpec", JSON.readTree(v.config()));
            return JSON.writeValueAsString(info);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static ImageReference parse(String reference) {
        try {
            return ImageReference.parseNamed(reference);
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid image reference \"" + reference + "\": " + e.getMessage());
        }
    }

    /**
     * The registry credentials of a PullImage, as containerd reads them: none when {@code server_address} names
     * another registry than the image's; {@code auth} (base64 {@code user:password}) when no username is given;
     * an identity token or a registry token as the registry client uses them for Docker's API.
     */
    static AuthConfig auth(dev.jdock.daemon.cri.v1.AuthConfig a, String domain) {
        if (a == null) {
            return AuthConfig.ANONYMOUS;
        }
        String server = a.getServerAddress().replaceFirst("^[a-zA-Z][a-zA-Z0-9+.-]*://", "").split("/", 2)[0];
        if (!server.isEmpty() && !server.equals(domain)
                && !(DOCKER_HUB.contains(server) && DOCKER_HUB.contains(domain))) {
            return AuthConfig.ANONYMOUS;
        }
        try {
            return new AuthConfig(blankToNull(a.getUsername()), blankToNull(a.getPassword()),
                    blankToNull(a.getAuth()), null, blankToNull(a.getServerAddress()),
                    blankToNull(a.getIdentityToken()), blankToNull(a.getRegistryToken())).expandAuth();
        } catch (IllegalArgumentException e) {
            throw EngineException.invalid("invalid auth: " + e.getMessage());
        }
    }

    private static String blankToNull(String s) {
        return s.isEmpty() ? null : s;
    }

    private static <T> void answer(StreamObserver<T> out, Supplier<T> call) {
        T answer;
        try {
            answer = call.get();
        } catch (RuntimeException e) {
            out.onError(CriStatus.of(e, ""));
            return;
        }
        out.onNext(answer);
        out.onCompleted();
    }
}
