FROM x
RUN ok
FOO bar
