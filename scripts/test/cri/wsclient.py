#!/usr/bin/python3
"""A remote command over WebSocket with Debian's python3-kubernetes client (kubernetes.stream.ws_client.WSClient,
the one `kubernetes.stream.stream()` uses), for the e2e tests of jdockd's CRI streaming server.

    wsclient.py URL [--protocol v4.channel.k8s.io] [--stdin TEXT] [--close-stdin] [--resize WxH] [--status FILE]
                [--ca FILE]
    wsclient.py URL --port-forward PORT --stdin TEXT

Prints the remote stdout and stderr to ours, writes the error channel's status to FILE, and exits with the remote
exit code as the client reads it (WSClient.returncode). With --port-forward, the client's PortForward (the one
`kubernetes.stream.portforward()` uses) sends TEXT to PORT (the URL's `port` query) and prints the answer up to
the pod's end; an error on the port's error channel goes to stderr (exit 1). An https URL is spoken to as wss,
trusting the CA certificates of --ca (the client's ssl_ca_cert) and checking the server's name."""
import argparse
import json
import sys

from kubernetes.client import Configuration
from kubernetes.stream.ws_client import PortForward, WSClient, create_websocket

p = argparse.ArgumentParser()
p.add_argument("url")
p.add_argument("--protocol", default="v4.channel.k8s.io")
p.add_argument("--stdin")
p.add_argument("--close-stdin", action="store_true", help="v5: the close message for stdin")
p.add_argument("--resize")
p.add_argument("--status")
p.add_argument("--port-forward", type=int)
p.add_argument("--ca")
a = p.parse_args()

conf = Configuration()
if a.ca:
    conf.ssl_ca_cert = a.ca
url = a.url.replace("http://", "ws://", 1).replace("https://", "wss://", 1)
if a.port_forward:
    url += ("&" if "?" in url else "?") + "port=%d" % a.port_forward
    pf = PortForward(create_websocket(conf, url, {"sec-websocket-protocol": a.protocol}),
                     [a.port_forward])
    s = pf.socket(a.port_forward)
    s.settimeout(30)
    try:
        s.sendall((a.stdin or "").encode())
    except (BrokenPipeError, ConnectionResetError):
        pass  # a refused port: the pod's end may be closed before anything is sent; its error follows
    answer = b""
    while True:
        try:
            chunk = s.recv(65536)
        except ConnectionResetError:
            break
        if not chunk:
            break
        answer += chunk
    sys.stdout.write(answer.decode("utf-8", "replace"))
    err = pf.error(a.port_forward)
    if err:
        sys.stderr.write(err + "\n")
        sys.exit(1)
    sys.exit(0)
c = WSClient(conf, url, {"sec-websocket-protocol": a.protocol}, capture_all=True)
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
