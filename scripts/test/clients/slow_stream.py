#!/usr/bin/env python3
"""A slow, then stalled, then fast reader of one streamed response over the daemon's UNIX socket
(scripts/test/e2e-compat-streams.sh).

  slow_stream.py SOCK PID [METHOD:]PATH MODE STALL [STOP]

Requests PATH (GET unless METHOD is given, e.g. POST:/containers/x/attach?stream=1&stdout=1) with a small receive
buffer; reads its first MiB in small pieces with pauses (a slow client), reads nothing
for STALL seconds while sampling the daemon's resident memory (VmRSS of PID), then reads the rest as fast as it
can. MODE says how the body is counted: `stdcopy` (chunked, Docker's 8-byte frame headers left out: the payload),
`chunked` (the decoded body), `raw` (a hijacked stream: every byte after the head), `rawstdcopy` (a hijacked stream
of frames, as attach without a TTY: the payload). With STOP the reader closes once
it has counted STOP bytes (a followed stream never ends by itself). Prints key=value lines: status, bytes, rss_before_mb,
rss_max_mb (the highest sample while slow or stalled), rss_after_mb, eof (the stream ended by itself).
"""
import io
import socket
import sys
import time

SLOW_BYTES = 1 << 20
SLOW_PIECE = 16 * 1024
SLOW_PAUSE = 0.02


def rss_mb(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) // 1024
    return -1


class SlowSocket(io.RawIOBase):
    """The socket's bytes: its first MiB in small pieces with pauses (sampling the daemon's RSS), then at full speed."""

    def __init__(self, sock, pid):
        super().__init__()
        self.sock, self.pid, self.slow_left, self.rss_max = sock, pid, SLOW_BYTES, 0

    def readable(self):
        return True

    def readinto(self, b):
        if self.slow_left > 0:
            time.sleep(SLOW_PAUSE)
            self.rss_max = max(self.rss_max, rss_mb(self.pid))
            n = self.sock.recv_into(memoryview(b)[:SLOW_PIECE])
            self.slow_left -= n
            return n
        return self.sock.recv_into(b)


class Reader:
    """Lines and sized reads over a SlowSocket; EOFError at the end of the stream."""

    def __init__(self, raw):
        self.raw, self.f = raw, io.BufferedReader(raw, 1 << 20)

    def take(self, n):
        out = self.f.read(n)
        if len(out) < n:
            raise EOFError
        return out

    def line(self):
        out = self.f.readline()
        if not out.endswith(b"\r\n"):
            raise EOFError
        return out[:-2]

    def some(self):
        out = self.f.read1(1 << 20)
        if not out:
            raise EOFError
        return out


def body_pieces(r, mode):
    """The body's bytes as they come (chunked decoded unless raw)."""
    if mode.startswith("raw"):
        while True:
            yield r.some()
    while True:
        size = int(r.line().split(b";")[0], 16)
        if size == 0:
            return
        left = size
        while left:
            piece = r.take(min(left, 1 << 20))
            left -= len(piece)
            yield piece
        r.take(2)


def count(pieces, mode):
    """Yields the running count of payload bytes (frame headers left out for stdcopy)."""
    total, header, frame_left = 0, b"", 0
    for p in pieces:
        if not mode.endswith("stdcopy"):
            total += len(p)
            yield total
            continue
        i = 0
        while i < len(p):
            if frame_left:
                n = min(frame_left, len(p) - i)
                total, frame_left, i = total + n, frame_left - n, i + n
                continue
            need = 8 - len(header)
            header += p[i:i + need]
            i += need
            if len(header) == 8:
                frame_left, header = int.from_bytes(header[4:8], "big"), b""
        yield total


def main():
    sock_path, pid, path, mode, stall = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], float(sys.argv[5])
    stop = int(sys.argv[6]) if len(sys.argv) > 6 else None
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect(sock_path)
    before = rss_mb(pid)
    method, _, target = path.partition(":") if path.split("/", 1)[0].endswith(":") else ("GET", "", path)
    upgrade = "Connection: Upgrade\r\nUpgrade: tcp\r\n" if mode.startswith("raw") else ""
    s.sendall(f"{method} {target} HTTP/1.1\r\nHost: docker\r\n{upgrade}\r\n".encode())
    raw = SlowSocket(s, pid)
    r = Reader(raw)
    status = r.line().split()[1].decode()
    while r.line():
        pass
    total, eof, stalled = 0, True, False
    try:
        for total in count(body_pieces(r, mode), mode):
            if raw.slow_left <= 0 and not stalled:
                stalled = True
                end = time.monotonic() + stall
                while time.monotonic() < end:
                    raw.rss_max = max(raw.rss_max, rss_mb(pid))
                    time.sleep(0.1)
            if stop is not None and total >= stop:
                eof = False
                break
    except EOFError:
        pass
    s.close()
    print(f"status={status}\nbytes={total}\nrss_before_mb={before}\nrss_max_mb={raw.rss_max}\n"
          f"rss_after_mb={rss_mb(pid)}\neof={'yes' if eof else 'no'}")


if __name__ == "__main__":
    main()
