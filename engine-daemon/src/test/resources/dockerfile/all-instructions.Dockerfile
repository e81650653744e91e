# syntax=docker/dockerfile:1
ARG BASE=busybox:1.36
FROM --platform=linux/amd64 ${BASE} AS base
MAINTAINER Jane Doe <jane@example.com>
LABEL org.opencontainers.image.title="demo app" version=1.0
LABEL legacy value with spaces
ENV PATH=/app/bin:$PATH HOME=/app
ENV LEGACY some value
ARG VERSION=1.0 REVISION
WORKDIR /app
USER 1000:1000
RUN echo hello && \
    echo world
RUN ["/bin/sh", "-c", "echo exec"]
RUN --mount=type=cache,target=/root/.cache --network=none make
COPY --chown=1000:1000 --chmod=0644 --link src/ *.txt /app/
COPY --from=builder /out/bin /usr/local/bin/
ADD --checksum=sha256:0123 https://example.com/a.tar.gz /opt/
ADD --keep-git-dir=true https://github.com/moby/buildkit.git /src
EXPOSE 8080/tcp 80
VOLUME ["/data", "/logs"]
VOLUME /cache
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=3s --retries=3 CMD wget -q -O- http://localhost/ || exit 1
SHELL ["/bin/sh", "-ec"]
ONBUILD COPY . /app/src
ENTRYPOINT ["/app/bin/server"]
CMD ["--port", "8080"]
