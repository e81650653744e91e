#!/usr/bin/env python3
"""Validate a docker-archive (docker save) tar the way `docker load` reads it:
manifest.json -> config JSON -> layers; each layer's sha256 must equal the config's rootfs.diff_ids entry,
the config file name must be the sha256 of its bytes, and every layer must be a readable tar.
Usage: check-image-archive.py IMAGE.tar [...]; exits non-zero on the first problem."""
import hashlib, json, sys, tarfile

def check(path):
    with tarfile.open(path) as t:
        manifest = json.load(t.extractfile("manifest.json"))
        assert isinstance(manifest, list) and manifest, "manifest.json must be a non-empty list"
        repos = json.load(t.extractfile("repositories"))
        for m in manifest:
            raw = t.extractfile(m["Config"]).read()
            assert hashlib.sha256(raw).hexdigest() + ".json" == m["Config"], "config name != sha256(config)"
            cfg = json.loads(raw)
            assert cfg["architecture"] == "amd64" and cfg["os"] == "linux", "arch/os"
            assert cfg["rootfs"]["type"] == "layers"
            diff_ids = cfg["rootfs"]["diff_ids"]
            assert len(diff_ids) == len(m["Layers"]), "layers vs diff_ids count"
            assert len(cfg["history"]) == len(diff_ids), "history count"
            assert cfg["config"]["Cmd"] and any(e.startswith("PATH=") for e in cfg["config"]["Env"])
            for layer, diff_id in zip(m["Layers"], diff_ids):
                data = t.extractfile(layer).read()
                assert "sha256:" + hashlib.sha256(data).hexdigest() == diff_id, f"{layer}: digest != {diff_id}"
                import io
                with tarfile.open(fileobj=io.BytesIO(data)) as lt:
                    names = lt.getnames()
                    assert names, f"{layer}: empty"
                    for ti in lt.getmembers():
                        assert ti.mtime == 0 and ti.uid in (0, 33) and not ti.name.startswith("/"), ti.name
            for tag in m["RepoTags"]:
                repo, ver = tag.rsplit(":", 1)
                assert repo in repos and ver in repos[repo], f"repositories lacks {tag}"
            print(f"ok {path}: {m['RepoTags']} {len(diff_ids)} layers, Cmd={cfg['config']['Cmd']}")

for p in sys.argv[1:]:
    check(p)
