#!/usr/bin/python3
"""A tiny Docker registry token server for the e2e tests (distribution's token auth, RS256 JWTs).

Usage: registry-token-server.py PORT KEY.pem CERT.pem ISSUER SERVICE USER PASSWORD
Grants: USER/PASSWORD (Basic) get what they ask for; anonymous callers get "pull" on repositories under "public/";
wrong credentials are a 401. The JWT carries the signing certificate in x5c, which the registry checks against its
auth.token.rootcertbundle.
"""
import base64
import json
import sys
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

PORT, KEY, CERT, ISSUER, SERVICE, USER, PASSWORD = sys.argv[1:8]
with open(KEY, "rb") as f:
    key = serialization.load_pem_private_key(f.read(), password=None)
with open(CERT, "rb") as f:
    cert = x509.load_pem_x509_certificate(f.read())
cert_der = base64.b64encode(cert.public_bytes(serialization.Encoding.DER)).decode()


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def sign(claims):
    header = {"typ": "JWT", "alg": "RS256", "x5c": [cert_der]}
    signing_input = b64(json.dumps(header).encode()) + "." + b64(json.dumps(claims).encode())
    sig = key.sign(signing_input.encode(), padding.PKCS1v15(), hashes.SHA256())
    return signing_input + "." + b64(sig)


class Handler(BaseHTTPRequestHandler):
    def log_message(self, fmt, *args):
        sys.stderr.write("token-server: " + (fmt % args) + "\n")

    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        q = parse_qs(urlparse(self.path).query)
        user = None
        auth = self.headers.get("Authorization", "")
        if auth.startswith("Basic "):
            u, _, p = base64.b64decode(auth[6:]).decode().partition(":")
            if u != USER or p != PASSWORD:
                self.answer(401, {"details": "incorrect username or password"})
                return
            user = u
        access = []
        for scope in q.get("scope", []):
            for one in scope.split(" "):
                parts = one.split(":")
                if len(parts) < 3:
                    continue
                typ, name, actions = parts[0], ":".join(parts[1:-1]), parts[-1].split(",")
                if user is None:
                    actions = [a for a in actions if a == "pull" and name.startswith("public/")]
                access.append({"type": typ, "name": name, "actions": actions})
        now = int(time.time())
        claims = {"iss": ISSUER, "sub": user or "", "aud": SERVICE, "exp": now + 300, "nbf": now - 10,
                  "iat": now, "jti": str(uuid.uuid4()), "access": access}
        self.answer(200, {"token": sign(claims), "expires_in": 300,
                          "issued_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(now))})


ThreadingHTTPServer(("127.0.0.1", int(PORT)), Handler).serve_forever()
