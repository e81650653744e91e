FROM x
RUN <<EOF
echo
