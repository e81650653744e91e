#!/usr/bin/env python3
"""Raw HTTP over the daemon's UNIX socket: what well-behaved clients never send (scripts/test/e2e-hostile-http.sh).

Each command prints `key=value` lines for the shell to check:
  reject SOCK CASE             one malformed request; status, Connection header, body, eof (server closed after it)
  flood SOCK MODE              a 2 GiB body to /containers/create (declared, chunked garbage, or streamed JSON whose
                               string never ends), sent
                               until the server answers; status, body, sent
  pipeline SOCK PID            GET /events then a 120 MB create body on the same connection; sent (before the
                               socket stays full), other clients' ping/create, the daemon's threads and rss meanwhile
  stall SOCK PID N BIG         N connections that send a head (and part of a small body) and stall, plus BIG that stall
                               midway through a large body; threads, rss and a ping meanwhile
  heads SOCK PID N IDLE        N connections that each send 60 KB of a head that never ends, then IDLE connections that
                               send nothing; the daemon's rss, threads and descriptors, and a ping meanwhile
  execs SOCK CONTAINER N SIZE  N exec creates on CONTAINER, each with a command of SIZE bytes; how many got each status
  short SOCK PATH FILE WHERE   FILE as the body of POST/PUT PATH, cut off at the header of its middle or last tar
                               entry (the client half-closes); status
"""
import http.client
import json
import select
import socket
import sys
import tarfile
import time

BLOCK = 64 * 1024


def connect(path):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect(path)
    return s


def read_response(s, timeout=30):
    """Reads one response (head + Content-Length body); returns (status, headers, body) or (None, {}, '') at EOF."""
    s.settimeout(timeout)
    buf = b""
    try:
        while b"\r\n\r\n" not in buf:
            chunk = s.recv(4096)
            if not chunk:
                return None, {}, ""
            buf += chunk
    except (ConnectionResetError, BrokenPipeError):
        if not buf:
            return None, {}, ""
        raise
    head, _, rest = buf.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    if headers.get("transfer-encoding", "").lower() == "chunked":  # e.g. a load's error, in its 200 answer
        return int(lines[0].split(" ")[1]), headers, dechunk(s, rest).decode("utf-8", "replace")
    n = int(headers.get("content-length", "0"))
    while len(rest) < n:
        chunk = s.recv(n - len(rest))
        if not chunk:
            break
        rest += chunk
    return int(lines[0].split(" ")[1]), headers, rest[:n].decode("utf-8", "replace")


def dechunk(s, buf):
    """The body of a chunked answer whose first bytes are BUF, up to its last chunk (or EOF)."""
    body = b""
    while True:
        while b"\r\n" not in buf:
            more = s.recv(4096)
            if not more:
                return body
            buf += more
        size_line, _, buf = buf.partition(b"\r\n")
        size = int(size_line.split(b";")[0].strip() or b"0", 16)
        if size == 0:
            return body
        while len(buf) < size + 2:
            more = s.recv(4096)
            if not more:
                return body + buf[:size]
            buf += more
        body, buf = body + buf[:size], buf[size + 2:]


def closed_after(s, timeout=10):
    """1 when the server closes the connection (EOF or reset) within timeout."""
    s.settimeout(timeout)
    try:
        return 1 if s.recv(1) == b"" else 0
    except (ConnectionResetError, BrokenPipeError):
        return 1
    except socket.timeout:
        return 0


def request(path, method, url, body=None, headers=None):
    """One well-behaved request on a fresh connection: (status, body)."""
    c = http.client.HTTPConnection("localhost", timeout=30)
    c.sock = connect(path)
    c.request(method, url, body=body, headers=headers or {})
    r = c.getresponse()
    data = r.read().decode("utf-8", "replace")
    c.close()
    return r.status, data


def proc_status(pid):
    out = {}
    with open("/proc/%s/status" % pid) as f:
        for line in f:
            k, _, v = line.partition(":")
            if k in ("Threads", "VmRSS"):
                out[k] = int(v.split()[0])
    return out["Threads"], out["VmRSS"] // 1024


def emit(**kv):
    for k, v in kv.items():
        print("%s=%s" % (k, v))
    sys.stdout.flush()


REJECT_CASES = {
    "negative-length": b"POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\nhello",
    "length-and-chunked": b"POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
                          b"Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n",
    "huge-header": b"GET /_ping HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (1 << 20) + b"\r\n\r\n",
    "bad-request-line": b"GARBAGE\r\n\r\n",
    "bad-path-escape": b"GET /containers/%zz/json HTTP/1.1\r\nHost: x\r\n\r\n",
    "url-too-long": b"GET /containers/json?filters=" + b"a" * (70 * 1024) + b" HTTP/1.1\r\nHost: x\r\n\r\n",
    "bad-chunk": b"POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                 b"Transfer-Encoding: chunked\r\n\r\nzz\r\n{}\r\n",
}


def cmd_reject(path, case):
    s = connect(path)
    try:
        s.sendall(REJECT_CASES[case])
    except (BrokenPipeError, ConnectionResetError):
        pass  # the server answered and closed before taking all of it: the answer is still there to read
    status, headers, body = read_response(s)
    emit(status=status, connection=headers.get("connection"), body=json.dumps(body), eof=closed_after(s))


def cmd_flood(path, mode):
    total = 2 << 30
    s = connect(path)
    if mode == "declared":
        head = "Content-Length: %d\r\n\r\n" % total
        first, filler = b"{", b"x" * BLOCK
    elif mode == "chunked":
        head = "Transfer-Encoding: chunked\r\n\r\n7fffffff\r\n"
        first, filler = b"", b"x" * BLOCK
    else:  # valid JSON so far, streamed: a string value that never ends
        head = "Transfer-Encoding: chunked\r\n\r\n7fffffff\r\n"
        first, filler = b'{"Image":"busybox","Env":["', b"a" * BLOCK
    s.sendall(("POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n" + head)
              .encode() + first)
    s.setblocking(False)
    sent, answered = len(first), False
    deadline = time.time() + 60
    while sent < total and time.time() < deadline:
        readable, writable, _ = select.select([s], [s], [], 5)
        if readable:
            answered = True
            break
        if writable:
            try:
                sent += s.send(filler)
            except BlockingIOError:
                pass
            except (BrokenPipeError, ConnectionResetError):
                break
    s.setblocking(True)
    status, headers, body = read_response(s)
    emit(status=status, connection=headers.get("connection"), body=json.dumps(body), sent=sent,
         answered_while_sending=int(answered))


def fill_until_stuck(s, limit, stuck_seconds=2.0):
    """Writes up to limit bytes without blocking; stops when the socket stays full for stuck_seconds."""
    s.setblocking(False)
    block = b"\0" * BLOCK
    sent = 0
    while sent < limit:
        _, writable, _ = select.select([], [s], [], stuck_seconds)
        if not writable:
            break
        try:
            sent += s.send(block[:min(BLOCK, limit - sent)])
        except BlockingIOError:
            pass
    s.setblocking(True)
    return sent


def others_served(path):
    ping = request(path, "GET", "/_ping")[0]
    status, body = request(path, "POST", "/containers/create", body=json.dumps({"Image": "busybox"}),
                           headers={"Content-Type": "application/json"})
    if status == 201:
        request(path, "DELETE", "/containers/" + json.loads(body)["Id"] + "?force=1")
    return ping, status


def cmd_pipeline(path, pid):
    size = 120 << 20
    s = connect(path)
    s.sendall(b"GET /events HTTP/1.1\r\nHost: x\r\n\r\n"
              b"POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
              b"Content-Length: " + str(size).encode() + b"\r\n\r\n")
    sent = fill_until_stuck(s, size)
    threads, rss = proc_status(pid)
    ping, create = others_served(path)
    s.close()
    emit(sent=sent, threads=threads, rss_mb=rss, ping=ping, create=create)


def cmd_stall(path, pid, n, big):
    conns = []
    for i in range(n):
        s = connect(path)
        if i % 2 == 0:  # a small JSON body, cut off
            s.sendall(b"POST /containers/create HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                      b"Content-Length: 300\r\n\r\n{\"Image\":")
        else:  # the head of a large upload, no body byte
            s.sendall(b"POST /images/load HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar\r\n"
                      b"Content-Length: 104857600\r\n\r\n")
        conns.append(s)
    for _ in range(big):  # a large upload that stops midway: its handler holds a worker until the stall timeout
        s = connect(path)
        s.sendall(b"POST /images/load HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar\r\n"
                  b"Content-Length: 104857600\r\n\r\n" + b"\0" * 4096)
        conns.append(s)
    ping_status = request(path, "GET", "/_ping")[0]
    threads, rss = 0, 0
    for _ in range(20):  # the highest count over 2 s: the stalled uploads' handlers have started by then
        t, r = proc_status(pid)
        threads, rss = max(threads, t), max(rss, r)
        time.sleep(0.1)
    ping, create = others_served(path)
    for s in conns:
        s.close()
    emit(threads=threads, rss_mb=rss, ping=ping_status, ping_again=ping, create=create)


def open_fds(pid):
    import os
    return len(os.listdir("/proc/%s/fd" % pid))


def cmd_heads(path, pid, n, idle):
    import resource
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
    conns, refused = [], 0
    head = b"GET /_ping HTTP/1.1\r\nHost: x\r\nX-Pad: " + b"a" * (60 * 1024)
    for i in range(n + idle):
        try:
            s = connect(path)
        except OSError:  # the listen backlog is full: the daemon is still accepting
            refused += 1
            time.sleep(0.01)
            continue
        s.setblocking(False)
        if i < n:
            try:
                s.send(head)
            except OSError:  # closed already, or its buffer full
                pass
        conns.append(s)
    threads, rss = 0, 0
    for _ in range(20):  # the highest counts over 2 s; descriptors once the closes are done
        t, r = proc_status(pid)
        threads, rss = max(threads, t), max(rss, r)
        time.sleep(0.1)
    fds = open_fds(pid)
    started = time.time()
    ping = request(path, "GET", "/_ping")[0]
    ping_seconds = round(time.time() - started, 1)
    for s in conns:
        s.close()
    emit(threads=threads, rss_mb=rss, fds=fds, ping=ping, ping_seconds=ping_seconds, refused=refused)


def cmd_execs(path, container, n, size):
    body = json.dumps({"Cmd": ["echo"] + ["x" * 1000] * (size // 1000)})
    counts = {}
    for _ in range(n):
        try:
            status, _ = request(path, "POST", "/containers/%s/exec" % container, body=body,
                                headers={"Content-Type": "application/json"})
        except OSError:  # the daemon closed the connection before the whole body was sent
            status = 0
        counts[status] = counts.get(status, 0) + 1
    emit(**{"status_%d" % k: v for k, v in sorted(counts.items())})


def cmd_short(path, url, file, where):
    """Sends FILE cut at the header of its middle (or last) entry: what arrived is a well-formed shorter tar, so only
    the missing bytes of the declared length tell it is not the whole body."""
    with open(file, "rb") as f:
        data = f.read()
    with tarfile.open(file) as t:
        members = t.getmembers()
    cut = members[-1 if where == "last" else len(members) // 2].offset
    method = "PUT" if "/archive" in url else "POST"
    s = connect(path)
    s.sendall(("%s %s HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-tar\r\nContent-Length: %d\r\n\r\n"
               % (method, url, len(data))).encode() + data[:cut])
    s.shutdown(socket.SHUT_WR)
    status, _, body = read_response(s, timeout=60)
    emit(status=status, body=json.dumps(body), sent=cut, of=len(data))


def main(argv):
    cmd, path = argv[1], argv[2]
    if cmd == "reject":
        cmd_reject(path, argv[3])
    elif cmd == "flood":
        cmd_flood(path, argv[3])
    elif cmd == "pipeline":
        cmd_pipeline(path, argv[3])
    elif cmd == "stall":
        cmd_stall(path, argv[3], int(argv[4]), int(argv[5]))
    elif cmd == "heads":
        cmd_heads(path, argv[3], int(argv[4]), int(argv[5]))
    elif cmd == "execs":
        cmd_execs(path, argv[3], int(argv[4]), int(argv[5]))
    elif cmd == "short":
        cmd_short(path, argv[3], argv[4], argv[5])
    else:
        sys.exit("unknown command " + cmd)


if __name__ == "__main__":
    main(sys.argv)
