FROM alpine
RUN <<EOF
apk add --no-cache curl
echo "$HOME"
EOF
RUN python3 <<'PY' > /out.txt
print("hi $HOME")
PY
RUN <<-EOT
	set -e
		echo tabs
	EOT
COPY <<a.txt <<"b.txt" /dir/
A $HOME
a.txt
B $HOME
b.txt
RUN cat /dir/a.txt
