#!/usr/bin/env python3
"""An HTTP receiver for the webhook tests: every POST is written to --dir as NNNN.json (path, headers, body).
A path ending in /fail answers 500, as a receiver that is down would. Prints "PORT <n>" once it listens."""
import argparse
import http.server
import json
import os
import threading


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    args = parser.parse_args()
    counter = {"n": 0}
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            length = int(self.headers.get("Content-Length", "0"))
            body = self.rfile.read(length).decode("utf-8")
            if self.path.endswith("/fail"):
                self.send_response(500)
                self.end_headers()
                return
            with lock:
                counter["n"] += 1
                path = os.path.join(args.dir, "%04d.json" % counter["n"])
            record = {"path": self.path, "content_type": self.headers.get("Content-Type"), "body": json.loads(body)}
            with open(path + ".part", "w") as file:
                json.dump(record, file)
            os.rename(path + ".part", path)
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    print("PORT %d" % server.server_address[1], flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
