
# leading comment, then a blank line: no directives here
# escape=`
FROM busybox
	RUN apk add \
      curl \
# a comment inside the continuation
      git \

      make
RUN echo a \  
echo b
LABEL a=1 \
      b=2
RUN echo "last" \
