#!/usr/bin/env python3
"""A real SMTP server for the tests, built on aiosmtpd (Debian's python3-aiosmtpd).

--mode starttls: STARTTLS required before anything else, with a self-signed certificate made by openssl;
--mode tls: TLS from the first byte (SMTPS); --mode plain: no encryption and no authentication.
With --user/--password, AUTH (PLAIN or LOGIN) is required. Every message accepted is written to --dir as
NNNN.json, with its headers and body decoded by Python's email package, so the tests see what a mail client sees.
Prints "PORT <n>" once it listens; stops on SIGTERM.
"""
import argparse
import email
import email.policy
import json
import os
import signal
import socket
import ssl
import subprocess
import threading

try:
    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult, LoginPassword
except ImportError:
    print("aiosmtpd is missing (apt-get install python3-aiosmtpd)", flush=True)
    raise SystemExit(1)


class Recorder:
    def __init__(self, directory):
        self.directory = directory
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.count += 1
        record = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "from": str(message["from"]),
            "to": str(message["to"]),
            "subject": str(message["subject"]),
            "message_id": str(message["message-id"]),
            "auto_submitted": str(message["auto-submitted"]),
            "body": message.get_content(),
            # STARTTLS sets session.ssl; with TLS from the start the transport itself is the TLS one.
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "authenticated": bool(session.authenticated),
        }
        path = os.path.join(self.directory, "%04d.json" % self.count)
        with open(path + ".part", "w") as file:
            json.dump(record, file)
        os.rename(path + ".part", path)
        return "250 2.0.0 OK queued"


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--mode", choices=["starttls", "tls", "plain"], default="starttls")
    parser.add_argument("--user")
    parser.add_argument("--password")
    args = parser.parse_args()

    context = None
    if args.mode != "plain":
        cert, key = os.path.join(args.dir, "cert.pem"), os.path.join(args.dir, "key.pem")
        subprocess.run(
            ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2",
             "-subj", "/CN=localhost"], check=True, capture_output=True)
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(cert, key)

    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user \
            and auth_data.password.decode() == args.password
        return AuthResult(success=ok, handled=False)

    options = {}
    if args.user:
        # aiosmtpd knows only STARTTLS as "TLS"; over SMTPS the whole connection is encrypted already.
        options.update(authenticator=authenticate, auth_required=True, auth_require_tls=args.mode == "starttls")
    if args.mode == "starttls":
        options.update(tls_context=context, require_starttls=True)
    port = free_port()
    controller = Controller(
        Recorder(args.dir), hostname="127.0.0.1", port=port, ssl_context=context if args.mode == "tls" else None,
        ready_timeout=10, **options)
    controller.start()
    print("PORT %d" % port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    while not stop.wait(0.2):
        pass
    controller.stop()


if __name__ == "__main__":
    main()
