#!/usr/bin/env python3
"""Strips the volatile values of recorded dockerd replies, consistently across all files given.

Every 64-hex ID becomes a fixed fake (the n-th distinct ID seen: 'a'*64 is not used, IDs are 1111..., 2222..., ...),
each distinct RFC 3339 time becomes 2026-01-02T03:04:0<n>.123456789Z (seconds-only times keep their precision),
the reference daemon's data root /var/lib/dref-wire becomes /var/lib/docker and host pids become 4242.
Usage: sanitize.py IN_DIR OUT_DIR file...
"""
import re
import sys

ids, times = {}, {}
ID = re.compile(r'(?<![0-9a-f])[0-9a-f]{64}(?![0-9a-f])')
TIME = re.compile(r'\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z')


def fake_id(m):
    v = m.group(0)
    if v not in ids:
        n = len(ids) + 1
        ids[v] = ('%x' % n) * 64 if n < 16 else '%064x' % n
    return ids[v]


def fake_time(m):
    v = m.group(0)
    if v.startswith('0001-01-01'):
        return v
    if v not in times:
        n = len(times)
        frac = '.123456789' if m.group(1) else ''
        times[v] = '2026-01-02T03:%02d:%02d%sZ' % (n // 60, n % 60, frac)
    return times[v]


src, dst = sys.argv[1], sys.argv[2]
for name in sys.argv[3:]:
    with open(src + '/' + name) as f:
        s = f.read()
    s = ID.sub(fake_id, s)
    s = re.sub(r'(?<=sha256:)[0-9a-f]{64}', fake_id, s)
    s = TIME.sub(fake_time, s)
    s = s.replace('/var/lib/dref-wire', '/var/lib/docker').replace('/run/dref-wire', '/run/docker')
    s = re.sub(r'"Pid":[1-9]\d*', '"Pid":4242', s)
    with open(dst + '/' + name, 'w') as f:
        f.write(s)
