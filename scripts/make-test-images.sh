#!/usr/bin/env bash
# Build the two test images (busybox:latest, nginx:latest) in `docker save` format (docker-archive) from Debian
# packages only: no registry, no internet beyond the Debian mirror (and not even that when the .debs are cached).
#
#   scripts/make-test-images.sh OUTDIR
#
# Produces OUTDIR/busybox.tar and OUTDIR/nginx.tar. The .debs are cached in OUTDIR/.debs.
# Reproducible: same .debs in -> same layer bytes and diffIDs out (sorted entries, mtime 0, uid/gid 0).
#
# Layers:
#   busybox.tar: [base: /bin/busybox + applet symlinks + skeleton dirs] [etc: /etc/passwd, group, ...]
#   nginx.tar:   [the same two layers, byte-identical] [nginx + the shared libraries it needs + its config]
set -euo pipefail
umask 022
export LC_ALL=C

OUTDIR=${1:?usage: make-test-images.sh OUTDIR}
mkdir -p "$OUTDIR"
OUTDIR=$(cd "$OUTDIR" && pwd)
DEBS="$OUTDIR/.debs"
mkdir -p "$DEBS"

WORK=$(mktemp -d /tmp/jdock-images.XXXXXX)
trap 'rm -rf "$WORK"' EXIT

log() { printf '[make-test-images] %s\n' "$*" >&2; }

for tool in tar sha256sum python3 dpkg apt-get ldd; do
    command -v "$tool" >/dev/null || { log "missing tool: $tool"; exit 1; }
done

# ---------------------------------------------------------------- .deb fetching (cached)
APT_UPDATED=0
fetch_deb() { # fetch_deb PKG -> prints path of the cached .deb
    local pkg=$1 f
    f=$(find "$DEBS" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n1)
    if [[ -z $f ]]; then
        log "downloading $pkg"
        if ! (cd "$DEBS" && apt-get download -q "$pkg" >/dev/null 2>"$WORK/apt.err"); then
            if [[ $APT_UPDATED == 0 ]]; then
                log "apt-get download failed; running apt-get update once"
                apt-get update -q >/dev/null 2>&1 || true
                APT_UPDATED=1
            fi
            if ! (cd "$DEBS" && apt-get download -q "$pkg" >/dev/null 2>"$WORK/apt.err"); then
                # offline fallback: apt's own cache (e.g. the package was installed as a prerequisite)
                f=$(find /var/cache/apt/archives -maxdepth 1 -name "${pkg}_*.deb" 2>/dev/null | sort -V | tail -n1)
                [[ -n $f ]] || { cat "$WORK/apt.err" >&2; log "cannot download $pkg"; exit 1; }
                log "using $f from apt's cache"
                cp "$f" "$DEBS/"
            fi
        fi
        f=$(find "$DEBS" -maxdepth 1 -name "${pkg}_*.deb" | sort | tail -n1)
    fi
    [[ -n $f ]] || { log "no .deb for $pkg"; exit 1; }
    printf '%s\n' "$f"
}

unpack() { # unpack PKG DIR
    mkdir -p "$2"
    dpkg -x "$(fetch_deb "$1")" "$2"
}

# ---------------------------------------------------------------- layer tar (deterministic)
make_layer() { # make_layer ROOTDIR OUT.tar
    local root=$1 out=$2
    local -a top
    mapfile -t top < <(cd "$root" && find . -mindepth 1 -maxdepth 1 -printf "%P\n" | sort)
    tar -C "$root" --format=gnu --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
        --no-acls --no-xattrs --no-selinux -cf "$out" "${top[@]}"
}

# ---------------------------------------------------------------- layer 1: busybox base
unpack busybox-static "$WORK/bbdeb"
BUSYBOX="$WORK/bbdeb/bin/busybox"
[[ -x $BUSYBOX ]] || { log "busybox-static did not contain bin/busybox"; exit 1; }

B="$WORK/base"
mkdir -p "$B"/{bin,sbin,usr/bin,usr/sbin,dev,proc,sys,etc,home,root,tmp,var/tmp,var/log,var/spool,run}
install -m 0755 "$BUSYBOX" "$B/bin/busybox"
while read -r applet; do
    case $applet in
        */*) ;;            # only applets with a directory (skips "linuxrc")
        *) continue ;;
    esac
    [[ $applet == bin/busybox ]] && continue
    mkdir -p "$B/$(dirname "$applet")"
    [[ -e $B/$applet || -L $B/$applet ]] || ln -s /bin/busybox "$B/$applet"
done < <("$BUSYBOX" --list-full | sort)
chmod 1777 "$B/tmp" "$B/var/tmp"
chmod 0700 "$B/root"

# ---------------------------------------------------------------- layer 2: /etc files
E="$WORK/etc"
mkdir -p "$E/etc"
cat >"$E/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/sh
daemon:x:1:1:daemon:/usr/sbin:/bin/false
bin:x:2:2:bin:/bin:/bin/false
sys:x:3:3:sys:/dev:/bin/false
www-data:x:33:33:www-data:/var/www:/bin/false
nobody:x:65534:65534:nobody:/nonexistent:/bin/false
EOF
cat >"$E/etc/group" <<'EOF'
root:x:0:
daemon:x:1:
bin:x:2:
sys:x:3:
tty:x:5:
www-data:x:33:
nogroup:x:65534:
EOF
cat >"$E/etc/shadow" <<'EOF'
root:*:0:0:99999:7:::
daemon:*:0:0:99999:7:::
bin:*:0:0:99999:7:::
sys:*:0:0:99999:7:::
www-data:*:0:0:99999:7:::
nobody:*:0:0:99999:7:::
EOF
chmod 0640 "$E/etc/shadow"
printf 'localhost\n' >"$E/etc/hostname"
printf '127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n' >"$E/etc/hosts"
printf 'passwd: files\ngroup: files\nshadow: files\nhosts: files dns\n' >"$E/etc/nsswitch.conf"
printf 'jdock test image (busybox-static from Debian)\n' >"$E/etc/issue"

# ---------------------------------------------------------------- layer 3: nginx
N="$WORK/nginx"
NX="$WORK/nginxdeb"
unpack nginx "$NX"
unpack nginx-common "$NX"
LIBS="$WORK/libs"
for p in libc6 libcrypt1 libpcre2-8-0 libssl3 zlib1g; do unpack "$p" "$LIBS"; done

mkdir -p "$N/usr/sbin" "$N/etc/nginx" "$N/usr/share/nginx/html" "$N/lib64" \
    "$N/var/lib/nginx"/{body,proxy,fastcgi,uwsgi,scgi} "$N/var/log/nginx" "$N/var/cache/nginx" "$N/var/www" "$N/run"
install -m 0755 "$NX/usr/sbin/nginx" "$N/usr/sbin/nginx"
install -m 0644 "$NX/etc/nginx/mime.types" "$N/etc/nginx/mime.types"

# Shared libraries: resolve against the unpacked Debian libs (not the host's), copy each to its path.
LIBPATH="$LIBS/lib/x86_64-linux-gnu:$LIBS/usr/lib/x86_64-linux-gnu"
while read -r path; do
    [[ $path == "$LIBS"/* ]] || { log "library resolved outside the unpacked debs: $path"; exit 1; }
    rel=${path#"$LIBS"/}
    mkdir -p "$N/$(dirname "$rel")"
    cp -L "$path" "$N/$rel"
    chmod 0644 "$N/$rel"
done < <(LD_LIBRARY_PATH=$LIBPATH ldd "$NX/usr/sbin/nginx" | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | sort -u)
# the dynamic loader, at its Debian path plus the /lib64 link the binary asks for
mkdir -p "$N/lib/x86_64-linux-gnu"
cp -L "$LIBS/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2" "$N/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
chmod 0755 "$N/lib/x86_64-linux-gnu/ld-linux-x86-64.so.2"
ln -s /lib/x86_64-linux-gnu/ld-linux-x86-64.so.2 "$N/lib64/ld-linux-x86-64.so.2"
# like the official image: the log files are the container's stdout/stderr
ln -s /dev/stdout "$N/var/log/nginx/access.log"
ln -s /dev/stderr "$N/var/log/nginx/error.log"
chmod 0700 "$N/var/lib/nginx"/{body,proxy,fastcgi,uwsgi,scgi}
chown 33:33 "$N/var/lib/nginx"/{body,proxy,fastcgi,uwsgi,scgi} 2>/dev/null || true

cat >"$N/etc/nginx/nginx.conf" <<'EOF'
# jdock test image: nginx in the foreground, logs to the container's stdout/stderr.
user www-data;
worker_processes 1;
pid /run/nginx.pid;
error_log /dev/stderr notice;

events {
    worker_connections 256;
}

http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log /dev/stdout;
    sendfile on;
    keepalive_timeout 65;

    server {
        listen 80 default_server;
        server_name _;
        root /usr/share/nginx/html;
        index index.html;
        location / {
            try_files $uri $uri/ =404;
        }
    }
}
EOF
cat >"$N/usr/share/nginx/html/index.html" <<'EOF'
<!DOCTYPE html>
<html>
<head>
<title>Welcome to nginx!</title>
<style>
html { color-scheme: light dark; }
body { width: 35em; margin: 0 auto;
font-family: Tahoma, Verdana, Arial, sans-serif; }
</style>
</head>
<body>
<h1>Welcome to nginx!</h1>
<p>If you see this page, the nginx web server is successfully installed and
working. This copy runs in a jdock container built from Debian packages.</p>
</body>
</html>
EOF

# ---------------------------------------------------------------- tar the layers
mkdir -p "$WORK/layers"
make_layer "$B" "$WORK/layers/base.tar"
make_layer "$E" "$WORK/layers/etc.tar"
make_layer "$N" "$WORK/layers/nginx.tar"

# Sanity check: the unpacked nginx image must at least pass `nginx -t` in a chroot (root only).
if [[ $(id -u) == 0 ]] && command -v chroot >/dev/null; then
    CH="$WORK/chroot"
    mkdir -p "$CH"
    for l in base etc nginx; do tar -C "$CH" -xf "$WORK/layers/$l.tar"; done
    # no /proc in the chroot: plain files stand in for the devices nginx opens
    mkdir -p "$CH/dev" && touch "$CH/dev/null" "$CH/dev/stdout" "$CH/dev/stderr"
    if chroot "$CH" /usr/sbin/nginx -t >"$WORK/nginx-t.log" 2>&1; then
        log "nginx -t in a chroot: ok"
    else
        cat "$WORK/nginx-t.log" >&2
        log "nginx -t failed in a chroot (see above): the nginx image would not start"
        exit 1
    fi
    chroot "$CH" /bin/sh -c 'echo $((6*7))' | grep -qx 42 || { log "busybox sh does not run in a chroot"; exit 1; }
fi

# ---------------------------------------------------------------- assemble the docker-archive tars
python3 - "$WORK/layers" "$OUTDIR" <<'PY'
import hashlib, json, os, shutil, subprocess, sys, tempfile

layers_dir, outdir = sys.argv[1], sys.argv[2]
PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"
EPOCH = "1970-01-01T00:00:00Z"

def sha256(path):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()

def dumps(obj):
    return json.dumps(obj, sort_keys=True, separators=(",", ":")).encode()

def build(name, tag, layers, config, history):
    stage = tempfile.mkdtemp(prefix="img-", dir=os.path.dirname(layers_dir))
    diff_ids = []
    for l in layers:
        digest = sha256(os.path.join(layers_dir, l + ".tar"))
        diff_ids.append("sha256:" + digest)
        os.makedirs(os.path.join(stage, digest), exist_ok=True)
        shutil.copyfile(os.path.join(layers_dir, l + ".tar"), os.path.join(stage, digest, "layer.tar"))
        with open(os.path.join(stage, digest, "VERSION"), "w") as f:
            f.write("1.0")
    cfg = {
        "architecture": "amd64",
        "os": "linux",
        "created": EPOCH,
        "config": config,
        "rootfs": {"type": "layers", "diff_ids": diff_ids},
        "history": [{"created": EPOCH, "created_by": h} for h in history],
    }
    raw = dumps(cfg)
    image_id = hashlib.sha256(raw).hexdigest()
    with open(os.path.join(stage, image_id + ".json"), "wb") as f:
        f.write(raw)
    repo, _, ver = tag.partition(":")
    manifest = [{"Config": image_id + ".json", "RepoTags": [tag],
                 "Layers": [d.split(":")[1] + "/layer.tar" for d in diff_ids]}]
    with open(os.path.join(stage, "manifest.json"), "wb") as f:
        f.write(dumps(manifest))
    with open(os.path.join(stage, "repositories"), "wb") as f:
        f.write(dumps({repo: {ver: diff_ids[-1].split(":")[1]}}))
    out = os.path.join(outdir, name + ".tar")
    entries = sorted(os.listdir(stage))
    subprocess.run(["tar", "-C", stage, "--format=gnu", "--sort=name", "--mtime=@0", "--owner=0", "--group=0",
                    "--numeric-owner", "-cf", out + ".tmp"] + entries, check=True)
    os.replace(out + ".tmp", out)
    shutil.rmtree(stage)
    print(f"{out}: {tag} id=sha256:{image_id[:12]} layers={[d[7:19] for d in diff_ids]}")

build("busybox", "busybox:latest", ["base", "etc"],
      {"Env": ["PATH=" + PATH], "Cmd": ["sh"]},
      ["ADD busybox-static (Debian) /", "ADD etc files /etc"])
build("nginx", "nginx:latest", ["base", "etc", "nginx"],
      {"Env": ["PATH=" + PATH], "Cmd": ["nginx", "-g", "daemon off;"],
       "ExposedPorts": {"80/tcp": {}}, "StopSignal": "SIGQUIT"},
      ["ADD busybox-static (Debian) /", "ADD etc files /etc", "ADD nginx (Debian) + libs /"])
PY
log "done: $OUTDIR/busybox.tar $OUTDIR/nginx.tar"
