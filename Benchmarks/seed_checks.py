#!/usr/bin/env python3
"""Creates checks through the real API for the monitoring benchmark: N TCP and M HTTP checks at one interval against
the local listeners (Benchmarks/check_listeners.py), over one keep-alive connection. Prints "<created> <seconds>".
Usage: seed_checks.py BASE_URL TOKEN TCP_COUNT HTTP_COUNT INTERVAL TCP_PORT HTTP_PORT [NAME_PREFIX]
"""
import http.client
import json
import sys
import time
import urllib.parse

base, token = sys.argv[1], sys.argv[2]
tcp_count, http_count, interval, tcp_port, http_port = (int(v) for v in sys.argv[3:8])
prefix = sys.argv[8] if len(sys.argv) > 8 else "bench"
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port)
headers = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
start = time.monotonic()
created = 0
for n in range(tcp_count + http_count):
    if n < tcp_count:
        body = {"name": f"{prefix} tcp {n}", "kind": "tcp", "target": "127.0.0.1", "port": tcp_port}
    else:
        body = {"name": f"{prefix} http {n}", "kind": "http", "target": f"http://127.0.0.1:{http_port}/health",
                "settings": {"bodyContains": "ok"}}
    body.update({"intervalSeconds": interval, "timeoutSeconds": 5, "service": f"{prefix} service {n % 500}",
                 "statusPage": n % 1000 == 0})
    connection.request("POST", "/api/v1/checks", json.dumps(body), headers)
    response = connection.getresponse()
    response.read()
    if response.status != 201:
        sys.exit(f"check {n}: HTTP {response.status}")
    created += 1
print(created, f"{time.monotonic() - start:.1f}", flush=True)
