ARG GO=1.22
FROM golang:${GO} AS build
WORKDIR /src
COPY . .
RUN go build -o /out/app ./cmd/app

FROM gcr.io/distroless/static AS final
COPY --from=build /out/app /app
USER nonroot
ENTRYPOINT ["/app"]
