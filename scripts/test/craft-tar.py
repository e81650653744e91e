#!/usr/bin/env python3
"""Writes crafted (hostile) tars for the e2e tests, streaming to a file.

  craft-tar.py OUT SPEC...           a tar of the entries SPEC, in order:
      f:NAME:CONTENT                 regular file, mode 644 (CONTENT is the rest: it may hold ':')
      fm:MODE:NAME:CONTENT           regular file of MODE (octal)
      d:NAME[:MODE]                  directory
      l:NAME:TARGET                  symlink
      h:NAME:TARGET                  hard link
      c:NAME:MAJOR:MINOR[:MODE]      character device
      p:NAME[:MODE]                  fifo
      deep:PREFIX:N                  PREFIX/a/a/... N directories deep, a file 'bottom' at the end
      many:DIR:N                     N small files in DIR
      bigfile:NAME:MIB               a file of MIB MiB of 'x' lines (a huge /etc/passwd)
      longline:NAME:KIB              a file holding one line of KIB KiB
      paxhuge:MIB                    a PAX header announcing a MIB MiB path (1 MiB of it follows, then nothing)
  craft-tar.py --image OUT LAYER...  a `docker save` archive of one image (tag crafted:latest) whose layers are
                                     the given tar files, for `docker load`
Names are written verbatim (../x, /x); CONTENT may use \\n.
"""
import hashlib
import io
import json
import sys
import tarfile


def add(t, name, kind, data=b"", mode=0o644, link="", major=0, minor=0):
    ti = tarfile.TarInfo(name)
    ti.type = kind
    ti.mode = mode
    ti.mtime = 1700000000
    ti.linkname = link
    ti.devmajor, ti.devminor = major, minor
    ti.size = len(data) if kind == tarfile.REGTYPE else 0
    t.addfile(ti, io.BytesIO(data) if kind == tarfile.REGTYPE else None)


def big(t, name, size, line):
    ti = tarfile.TarInfo(name)
    ti.size = size
    ti.mode = 0o644

    class Repeat(io.RawIOBase):
        def __init__(self):
            super().__init__()
            self.left = size

        def readable(self):
            return True

        def readinto(self, b):
            n = min(len(b), self.left)
            chunk = (line * (n // len(line) + 1))[:n]
            b[:n] = chunk
            self.left -= n
            return n

    t.addfile(ti, io.BufferedReader(Repeat(), 1 << 20))


def paxhuge(out, mib):
    size = mib << 20
    header = bytearray(512)
    header[0:12] = b"PaxHeaders/x"
    header[124:136] = b"%011o\0" % size
    header[156:157] = b"x"
    header[257:265] = b"ustar\x0000"
    header[148:156] = b" " * 8
    header[148:156] = b"%06o\0 " % sum(header)
    out.write(bytes(header))
    record = b"%d path=" % size
    out.write(record)
    block = b"a" * (1 << 16)
    left = min(size, 1 << 20) - len(record)
    while left > 0:
        out.write(block[: min(left, len(block))])
        left -= len(block)


def craft(path, specs):
    with open(path, "wb") as out:
        if specs and specs[0].startswith("paxhuge:"):
            paxhuge(out, int(specs[0].split(":")[1]))
            return
        with tarfile.open(fileobj=out, mode="w|", format=tarfile.PAX_FORMAT) as t:
            for spec in specs:
                kind, _, rest = spec.partition(":")
                p = rest.split(":")
                if kind == "f":
                    name, _, content = rest.partition(":")
                    add(t, name, tarfile.REGTYPE, content.replace("\\n", "\n").encode())
                elif kind == "fm":
                    mode, _, rest = rest.partition(":")
                    name, _, content = rest.partition(":")
                    add(t, name, tarfile.REGTYPE, content.replace("\\n", "\n").encode(), int(mode, 8))
                elif kind == "d":
                    add(t, p[0], tarfile.DIRTYPE, mode=int(p[1], 8) if len(p) > 1 else 0o755)
                elif kind == "l":
                    add(t, p[0], tarfile.SYMTYPE, link=p[1], mode=0o777)
                elif kind == "h":
                    add(t, p[0], tarfile.LNKTYPE, link=p[1])
                elif kind == "c":
                    add(t, p[0], tarfile.CHRTYPE, major=int(p[1]), minor=int(p[2]),
                        mode=int(p[3], 8) if len(p) > 3 else 0o666)
                elif kind == "p":
                    add(t, p[0], tarfile.FIFOTYPE, mode=int(p[1], 8) if len(p) > 1 else 0o644)
                elif kind == "deep":
                    name = p[0]
                    add(t, name, tarfile.DIRTYPE, mode=0o755)
                    for _ in range(int(p[1])):
                        name += "/a"
                        add(t, name, tarfile.DIRTYPE, mode=0o755)
                    add(t, name + "/bottom", tarfile.REGTYPE, b"bottom\n")
                elif kind == "many":
                    add(t, p[0], tarfile.DIRTYPE, mode=0o755)
                    for i in range(int(p[1])):
                        add(t, "%s/f%d" % (p[0], i), tarfile.REGTYPE, b"x\n")
                elif kind == "bigfile":
                    big(t, p[0], int(p[1]) << 20, b"user:x:1000:1000::/home/user:/bin/sh\n")
                elif kind == "longline":
                    big(t, p[0], int(p[1]) << 10, b"x")
                else:
                    sys.exit("unknown entry kind: " + spec)


def image(path, layers):
    diff_ids = []
    for layer in layers:
        h = hashlib.sha256()
        with open(layer, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
        diff_ids.append("sha256:" + h.hexdigest())
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids}}).encode()
    config_name = hashlib.sha256(config).hexdigest() + ".json"
    names = ["layer%d/layer.tar" % i for i in range(len(layers))]
    manifest = json.dumps([{"Config": config_name, "RepoTags": ["crafted:latest"], "Layers": names}]).encode()
    with tarfile.open(path, "w", format=tarfile.PAX_FORMAT) as t:
        for name, data in ((config_name, config), ("manifest.json", manifest)):
            ti = tarfile.TarInfo(name)
            ti.size = len(data)
            t.addfile(ti, io.BytesIO(data))
        for name, layer in zip(names, layers):
            t.add(layer, arcname=name)


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    if sys.argv[1] == "--image":
        image(sys.argv[2], sys.argv[3:])
    else:
        craft(sys.argv[1], sys.argv[2:])
