#!/usr/bin/python3
"""A remote command over WebSocket with Debian's python3-kubernetes client (kubernetes.stream.ws_client.WSClient,
the one `kubernetes.stream.stream()` uses), for the e2e tests of jdockd's CRI streaming server.

    wsclient.py URL [--protocol v4.channel.k8s.io] [--stdin TEXT] [--close-stdin] [--resize WxH] [--status FILE]

Prints the remote stdout and stderr to ours, writes the error channel's status to FILE, and exits with the remote
exit code as the client reads it (WSClient.returncode)."""
import argparse
import json
import sys

from kubernetes.client import Configuration
from kubernetes.stream.ws_client import WSClient

p = argparse.ArgumentParser()
p.add_argument("url")
p.add_argument("--protocol", default="v4.channel.k8s.io")
p.add_argument("--stdin")
p.add_argument("--close-stdin", action="store_true", help="v5: the close message for stdin")
p.add_argument("--resize")
p.add_argument("--status")
a = p.parse_args()

url = a.url.replace("http://", "ws://", 1)
c = WSClient(Configuration(), url, {"sec-websocket-protocol": a.protocol}, capture_all=True)
if a.resize:
    w, h = a.resize.split("x")
    c.write_channel(4, json.dumps({"Width": int(w), "Height": int(h)}))
if a.stdin is not None:
    c.write_stdin(a.stdin)
if a.close_stdin:
    c.sock.send_binary(bytes([255, 0]))
c.run_forever(timeout=60)
if c.is_open():
    print("wsclient: the session did not end within 60 s", file=sys.stderr)
    sys.exit(254)
sys.stdout.write(c.read_stdout())
sys.stderr.write(c.read_stderr())
status = c.read_channel(3)
if a.status:
    with open(a.status, "w") as f:
        f.write(status)
c._channels[3] = status
sys.exit(c.returncode)
