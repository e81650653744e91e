#!/usr/bin/env python3
"""Recording proxy for CLI wire parity (docs/cli.md, "Wire parity checked"), a developer tool, not a test.

    python3 scripts/test/record-proxy.py LISTEN_SOCK DAEMON_SOCK LOG

Listens on LISTEN_SOCK, forwards every request to the daemon at DAEMON_SOCK and appends one JSON line per request to
LOG (reopened per line, so it can be moved away between runs): method, path with the /v1.NN prefix as /vX (the
version in "ver"), the query decoded and sorted, Content-Type, Upgrade/Connection, X-Registry-Auth and
X-Registry-Config decoded, and the body (JSON parsed; a tar as its entries: name, mode, type, size, owner, link,
the first bytes of a file). /_ping is not logged. Answers are streamed back (chunked, sized or until EOF); after a
101 (attach, exec) both directions are piped. scripts/test/cmp-clis.sh drives docker and jdock through it."""
import base64, io, json, os, socket, sys, tarfile, threading, urllib.parse, re

LISTEN, UPSTREAM, LOG = sys.argv[1], sys.argv[2], sys.argv[3]
lock = threading.Lock()

def read_headers(sock, buf):
    while b"\r\n\r\n" not in buf:
        d = sock.recv(65536)
        if not d:
            return None, buf
        buf += d
    i = buf.index(b"\r\n\r\n")
    return buf[:i].decode("latin-1"), buf[i + 4:]

def read_body(sock, hdrs, buf):
    """returns (raw bytes as sent incl. chunk framing, decoded body, rest)"""
    te = hdrs.get("transfer-encoding", "").lower()
    if "chunked" in te:
        raw = b""; body = b""
        while True:
            while b"\r\n" not in buf:
                d = sock.recv(65536)
                if not d: return raw, body, b""
                buf += d
            line, buf = buf.split(b"\r\n", 1)
            raw += line + b"\r\n"
            n = int(line.split(b";")[0], 16)
            while len(buf) < n + 2:
                d = sock.recv(65536)
                if not d: break
                buf += d
            body += buf[:n]; raw += buf[:n + 2]; buf = buf[n + 2:]
            if n == 0:
                # trailers (assume none)
                return raw, body, buf
    n = int(hdrs.get("content-length", "0") or 0)
    while len(buf) < n:
        d = sock.recv(65536)
        if not d: break
        buf += d
    return buf[:n], buf[:n], buf[n:]

def summarize(body, ctype):
    if not body:
        return None
    try:
        return {"json": json.loads(body)}
    except Exception:
        pass
    if len(body) >= 512 and body[257:262] == b"ustar":
        ents = []; off = 0
        while off + 512 <= len(body):
            h = body[off:off+512]
            if h == b"\0" * 512: break
            name = h[0:100].rstrip(b"\0").decode("latin-1"); prefix = h[345:500].rstrip(b"\0").decode("latin-1")
            if prefix: name = prefix + "/" + name
            size = int(h[124:136].strip(b"\0 ") or b"0", 8); typ = chr(h[156]) if h[156] else "0"
            e = {"n": name, "m": oct(int(h[100:108].strip(b"\0 ") or b"0", 8)), "t": typ, "s": size,
                 "u": int(h[108:116].strip(b"\0 ") or b"0", 8), "g": int(h[116:124].strip(b"\0 ") or b"0", 8)}
            if typ in "12": e["l"] = h[157:257].rstrip(b"\0").decode("latin-1")
            if typ in "0\0": e["c"] = body[off+512:off+512+min(size,200)].decode("latin-1")
            ents.append(e)
            off += 512 + (size + 511) // 512 * 512
        return {"tar": ents, "len": len(body)}
    try:
        tf = tarfile.open(fileobj=io.BytesIO(body), mode="r:*")
        ents = []
        for m in tf.getmembers():
            e = {"n": m.name, "m": oct(m.mode), "t": m.type.decode() if isinstance(m.type, bytes) else m.type, "s": m.size}
            if m.issym() or m.islnk(): e["l"] = m.linkname
            if m.isfile():
                e["c"] = tf.extractfile(m).read(200).decode("latin-1")
            e["u"] = m.uid; e["g"] = m.gid
            ents.append(e)
        return {"tar": ents}
    except Exception:
        pass
    return {"raw": body[:2000].decode("latin-1"), "len": len(body)}

def log(rec):
    with lock:
        with open(LOG, "a") as f:
            f.write(json.dumps(rec, sort_keys=True) + "\n")

def pipe(a, b):
    try:
        while True:
            d = a.recv(65536)
            if not d: break
            b.sendall(d)
    except OSError:
        pass
    try: b.shutdown(socket.SHUT_WR)
    except OSError: pass

def handle(c):
    u = socket.socket(socket.AF_UNIX); u.connect(UPSTREAM)
    buf = b""
    try:
        while True:
            head, buf = read_headers(c, buf)
            if head is None: return
            lines = head.split("\r\n")
            method, target, _ = lines[0].split(" ", 2)
            hdrs = {}
            for l in lines[1:]:
                k, v = l.split(":", 1); hdrs[k.strip().lower()] = v.strip()
            raw, body, buf = read_body(c, hdrs, buf)
            # rebuild request without chunking
            out_lines = [lines[0]] + [l for l in lines[1:] if not l.lower().startswith(("transfer-encoding:", "content-length:"))]
            has_body = "content-length" in hdrs or "transfer-encoding" in hdrs
            if has_body:
                out_lines.append("Content-Length: %d" % len(body))
            u.sendall(("\r\n".join(out_lines) + "\r\n\r\n").encode("latin-1") + body)
            p = urllib.parse.urlsplit(target)
            path = re.sub(r"^/v1\.\d+", "/vX", p.path)
            q = sorted(urllib.parse.parse_qsl(p.query, keep_blank_values=True))
            rec = {"m": method, "p": path, "q": q}
            if p.path.startswith("/v"):
                rec["ver"] = p.path.split("/")[1]
            for h in ("content-type", "x-registry-config", "x-registry-auth", "upgrade", "connection"):
                if h in hdrs:
                    v = hdrs[h]
                    if h.startswith("x-registry"):
                        try:
                            v = json.loads(base64.urlsafe_b64decode(v + "=" * (-len(v) % 4)))
                        except Exception:
                            v = "raw:" + v
                    rec[h] = v
            rec["body"] = summarize(body, hdrs.get("content-type"))
            rec["chunked"] = "chunked" in hdrs.get("transfer-encoding", "")
            if path not in ("/_ping",):
                log(rec)
            # response: forward headers, then stream
            rbuf = b""
            rhead, rbuf = read_headers(u, rbuf)
            if rhead is None: return
            c.sendall(rhead.encode("latin-1") + b"\r\n\r\n")
            status = int(rhead.split(" ", 2)[1])
            rh = {}
            for l in rhead.split("\r\n")[1:]:
                k, v = l.split(":", 1); rh[k.strip().lower()] = v.strip()
            if status == 101 or rh.get("content-type", "").startswith("application/vnd.docker.raw-stream") and "upgrade" in hdrs:
                if rbuf: c.sendall(rbuf)
                if buf: u.sendall(buf)
                t = threading.Thread(target=pipe, args=(c, u), daemon=True); t.start()
                pipe(u, c); t.join(5)
                return
            if method == "HEAD" or status in (204, 304):
                if rbuf: c.sendall(rbuf)
                continue
            if "chunked" in rh.get("transfer-encoding", "").lower() or "content-length" in rh:
                # stream chunked/len body through as is
                if "content-length" in rh:
                    n = int(rh["content-length"]); sent = 0
                    c.sendall(rbuf[:n]); sent = len(rbuf[:n])
                    while sent < n:
                        d = u.recv(min(65536, n - sent))
                        if not d: break
                        c.sendall(d); sent += len(d)
                else:
                    b2 = rbuf
                    while True:
                        while b"\r\n" not in b2:
                            d = u.recv(65536)
                            if not d: return
                            b2 += d
                        line, b2 = b2.split(b"\r\n", 1)
                        c.sendall(line + b"\r\n")
                        n = int(line.split(b";")[0], 16) + 2
                        while n > 0:
                            if not b2:
                                b2 = u.recv(65536)
                                if not b2: return
                            k = b2[:n]; c.sendall(k); n -= len(k); b2 = b2[len(k):]
                        if int(line.split(b";")[0], 16) == 0:
                            break
                continue
            # close-delimited
            if rbuf: c.sendall(rbuf)
            pipe(u, c); return
    except Exception as e:
        sys.stderr.write("proxy error %r\n" % e)
    finally:
        try: c.close()
        except OSError: pass
        try: u.close()
        except OSError: pass

if os.path.exists(LISTEN): os.unlink(LISTEN)
s = socket.socket(socket.AF_UNIX); s.bind(LISTEN); s.listen(64)
while True:
    c, _ = s.accept()
    threading.Thread(target=handle, args=(c,), daemon=True).start()
