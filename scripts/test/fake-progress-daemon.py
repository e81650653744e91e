#!/usr/bin/env python3
"""fake-progress-daemon.py SOCKET: a fake engine on a unix socket for the docker CLI: /_ping and /version answer,
every POST (pull, push, load, build) answers with the JSON lines of $FAKE_STREAM, one per $FAKE_DELAY seconds.
scripts/test/capture-docker-progress.sh uses it to record how the docker CLI renders a given stream."""
import json, os, socket, socketserver, sys, time
from http.server import BaseHTTPRequestHandler

STREAM = os.environ['FAKE_STREAM']
DELAY = float(os.environ.get('FAKE_DELAY', '0.02'))

class H(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    def log_message(self, *a): pass
    def address_string(self): return 'unix'
    def _hdr(self, code, ctype, length=None):
        self.send_response(code)
        self.send_header('Api-Version', '1.50'); self.send_header('Ostype', 'linux')
        self.send_header('Content-Type', ctype)
        if length is None: self.send_header('Transfer-Encoding', 'chunked')
        else: self.send_header('Content-Length', str(length))
        self.end_headers()
    def do_HEAD(self): self._hdr(200, 'text/plain', 0)
    def do_GET(self):
        if self.path.endswith('/_ping'):
            self._hdr(200, 'text/plain', 2); self.wfile.write(b'OK'); return
        if '/version' in self.path:
            b = json.dumps({"Version": "28.2.2", "ApiVersion": "1.50", "MinAPIVersion": "1.24", "Os": "linux",
                            "Arch": "amd64"}).encode()
            self._hdr(200, 'application/json', len(b)); self.wfile.write(b); return
        self._hdr(404, 'application/json', 2); self.wfile.write(b'{}')
    def do_POST(self):
        n = int(self.headers.get('Content-Length') or 0)
        if n: self.rfile.read(n)
        elif self.headers.get('Transfer-Encoding') == 'chunked':
            while True:
                size = int(self.rfile.readline().strip().split(b';')[0], 16)
                self.rfile.read(size + 2)
                if size == 0: break
        self._hdr(200, 'application/json')
        with open(STREAM, 'rb') as f:
            for line in f:
                if not line.strip(): continue
                self.wfile.write(b'%x\r\n%s\r\n' % (len(line), line)); self.wfile.flush()
                time.sleep(DELAY)
        self.wfile.write(b'0\r\n\r\n'); self.wfile.flush()
        self.close_connection = True

class S(socketserver.ThreadingMixIn, socketserver.UnixStreamServer):
    daemon_threads = True

if os.path.exists(sys.argv[1]): os.unlink(sys.argv[1])
S(sys.argv[1], H).serve_forever()
