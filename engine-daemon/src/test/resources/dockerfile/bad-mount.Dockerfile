FROM x
RUN --mount=type=cache,target=/c,sharing=wild true
