#!/usr/bin/env python3
"""A hostile "daemon" for client-side cp tests: serves one crafted tar as any container's archive.

    fake-archive-daemon.py SOCKET CASE OUTSIDE_DIR

Answers /_ping and HEAD/GET /containers/<any>/archive on the UNIX socket SOCKET (as the Engine API does, enough for
`docker cp` and `jdock cp`), with the tar of CASE (see CASES) and a stat saying the source is the directory "d".
Runs until killed. The tars are built in memory with the tarfile module; names, link targets and types are what a
compromised daemon or container could send.
"""
import base64
import io
import json
import os
import socketserver
import sys
import tarfile
from http.server import BaseHTTPRequestHandler


def _add(t, name, kind="file", data=b"x\n", link=""):
    i = tarfile.TarInfo(name)
    i.mtime = 1700000000
    if kind == "dir":
        i.type, i.mode = tarfile.DIRTYPE, 0o755
        t.addfile(i)
    elif kind == "sym":
        i.type, i.linkname, i.mode = tarfile.SYMTYPE, link, 0o777
        t.addfile(i)
    elif kind == "hard":
        i.type, i.linkname, i.mode = tarfile.LNKTYPE, link, 0o644
        t.addfile(i)
    else:
        i.size, i.mode = len(data), 0o644
        t.addfile(i, io.BytesIO(data))


# Each case: a list of entries (name, kind, link/data) under the copied directory "d". OUTSIDE is replaced by the
# absolute path of a directory outside the destination (the test's "host" directory).
CASES = {
    "plain": [("d/", "dir", ""), ("d/f", "file", b"plain\n"), ("d/l", "sym", "f")],
    "dotdot": [("d/", "dir", ""), ("d/../../escaped", "file", b"pwned\n")],
    "absolute": [("d/", "dir", ""), ("/escaped-abs", "file", b"pwned\n")],
    "symlink-abs-dir": [("d/", "dir", ""), ("d/s", "sym", "OUTSIDE"), ("d/s/pwned", "file", b"pwned\n")],
    "symlink-rel-dir": [("d/", "dir", ""), ("d/s", "sym", "../../../../../../../../OUTSIDE"),
                        ("d/s/pwned", "file", b"pwned\n")],
    "symlink-file": [("d/", "dir", ""), ("d/s", "sym", "OUTSIDE/victim"), ("d/s", "file", b"pwned\n")],
    "symlink-abs-only": [("d/", "dir", ""), ("d/s", "sym", "/etc/passwd")],
    "symlink-rel-only": [("d/", "dir", ""), ("d/s", "sym", "../../../../../../../../etc/passwd")],
    "symlink-chain": [("d/", "dir", ""), ("d/a", "sym", "b"), ("d/b", "sym", "OUTSIDE"),
                      ("d/a/pwned", "file", b"pwned\n")],
    "symlink-inside": [("d/", "dir", ""), ("d/real/", "dir", ""), ("d/s", "sym", "real"),
                       ("d/s/f", "file", b"inside\n")],
    "hardlink-out": [("d/", "dir", ""), ("d/h", "hard", "../../../../../../../../OUTSIDE/victim")],
    "hardlink-via-symlink": [("d/", "dir", ""), ("d/s", "sym", "OUTSIDE"), ("d/h", "hard", "d/s/victim")],
    "dir-over-symlink": [("d/", "dir", ""), ("d/s", "sym", "OUTSIDE"), ("d/s/", "dir", "")],
}


def build(case, outside):
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, kind, extra in CASES[case]:
            if isinstance(extra, str):
                extra = extra.replace("OUTSIDE", outside)
            _add(t, name, kind, data=extra if kind == "file" else b"", link=extra if kind in ("sym", "hard") else "")
    return buf.getvalue()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def _stat(self):
        st = {"name": "d", "size": 4096, "mode": (1 << 31) | 0o755, "mtime": "2023-11-14T22:13:20Z", "linkTarget": ""}
        return base64.b64encode(json.dumps(st).encode()).decode()

    def _head(self, length, ctype="application/x-tar"):
        self.send_response(200)
        self.send_header("Api-Version", "1.47")
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(length))
        if "/archive" in self.path:
            self.send_header("X-Docker-Container-Path-Stat", self._stat())
        self.end_headers()

    def do_HEAD(self):
        self._head(0)

    def do_GET(self):
        if self.path.endswith("/_ping") or "/_ping?" in self.path:
            self._head(2, "text/plain")
            self.wfile.write(b"OK")
            return
        if "/archive" not in self.path:
            self.send_response(404)
            self.send_header("Content-Length", "0")
            self.end_headers()
            return
        body = self.server.tar
        self._head(len(body))
        self.wfile.write(body)


class Server(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # a client that stops reading (an error mid-archive) is expected


def main():
    sock, case, outside = sys.argv[1], sys.argv[2], sys.argv[3]
    if os.path.exists(sock):
        os.unlink(sock)
    srv = Server(sock, Handler)
    srv.tar = build(case, outside)
    srv.serve_forever()


if __name__ == "__main__":
    main()
