FROM x
COPY src
