# comment
RUN echo
FROM x
