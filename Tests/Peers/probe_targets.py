#!/usr/bin/env python3
"""Targets for the monitoring probes' tests, all on 127.0.0.1:

- banner: a TCP server that greets with an SSH-style banner; silent: one that accepts and says nothing;
- http: an HTTP server with /ok (200, "status: healthy"), /error (503, "status: degraded"), /slow (answers after
  1.5 s), /redirect (302 to /ok) and /big (a 3 MB body ending in "marker");
- https: the same over TLS with a certificate for localhost and 127.0.0.1, valid for 10 days, signed by a throwaway CA
  (ca.pem in --dir); other: TLS with a certificate for other.example, valid for 100 days, by the same CA.

Writes ports.json into --dir and prints "PORT <banner port>" once everything listens.
"""
import argparse
import http.server
import json
import os
import socket
import socketserver
import ssl
import subprocess
import threading
import time


def openssl(*args):
    subprocess.run(["openssl", *args], check=True, capture_output=True)


def certificates(directory):
    ca_key, ca = os.path.join(directory, "ca-key.pem"), os.path.join(directory, "ca.pem")
    openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", ca_key, "-out", ca, "-days", "30",
            "-subj", "/CN=Quartermaster Test CA")
    made = {}
    for name, days, san in (("local", 10, "DNS:localhost,IP:127.0.0.1"), ("other", 100, "DNS:other.example")):
        key, csr, cert = (os.path.join(directory, f"{name}.{ext}") for ext in ("key", "csr", "pem"))
        extensions = os.path.join(directory, f"{name}.ext")
        with open(extensions, "w") as file:
            file.write(f"subjectAltName={san}\n")
        openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", csr, "-subj", f"/CN={san.split(',')[0][4:]}")
        openssl("x509", "-req", "-in", csr, "-CA", ca, "-CAkey", ca_key, "-CAcreateserial", "-out", cert, "-days", str(days),
                "-extfile", extensions)
        made[name] = (cert, key)
    return made


class Handler(http.server.BaseHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def reply(self, code, body, headers=()):
        data = body.encode()
        self.send_response(code)
        for name, value in headers:
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    def do_GET(self):
        if self.path == "/ok":
            self.reply(200, "status: healthy")
        elif self.path == "/error":
            self.reply(503, "status: degraded")
        elif self.path == "/slow":
            time.sleep(1.5)
            self.reply(200, "status: healthy, slowly")
        elif self.path == "/redirect":
            self.reply(302, "", [("Location", "/ok")])
        elif self.path == "/big":
            self.reply(200, "x" * 3_000_000 + "marker")
        else:
            self.reply(404, "not here")

    do_HEAD = do_GET


class Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


def serve_tcp(handler):
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(50)

    def loop():
        while True:
            connection, _ = listener.accept()
            threading.Thread(target=handler, args=(connection,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    return listener.getsockname()[1]


def greet(connection):
    connection.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    time.sleep(5)
    connection.close()


def stay_silent(connection):
    time.sleep(30)
    connection.close()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    certs = certificates(args.dir)
    ports = {"banner": serve_tcp(greet), "silent": serve_tcp(stay_silent)}
    servers = {"http": Server(("127.0.0.1", 0), Handler)}
    for name, cert in (("https", certs["local"]), ("other", certs["other"])):
        server = Server(("127.0.0.1", 0), Handler)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*cert)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        servers[name] = server
    for name, server in servers.items():
        ports[name] = server.server_address[1]
        threading.Thread(target=server.serve_forever, daemon=True).start()
    # Bound but never listening, and held while this peer lives: connecting is refused, and no other test's server
    # can be handed the port meanwhile (a port closed at once could be, and then "closed" answered).
    closed = socket.socket()
    closed.bind(("127.0.0.1", 0))
    ports["closed"] = closed.getsockname()[1]
    with open(os.path.join(args.dir, "ports.json"), "w") as file:
        json.dump(ports, file)
    print(f"PORT {ports['banner']}", flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
