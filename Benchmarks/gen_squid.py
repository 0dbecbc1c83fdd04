#!/usr/bin/env python3
"""Writes N lines of Squid's native access.log of a realistic shape to stdout, the same for the same seed: 250
clients (some IPv6), a third of them authenticated, 3,000 sites of which a few dozen take most requests, CONNECT for
most HTTPS, misses, hits, denials with 407 challenges, aborted transfers and NONE/000 lines, one line a few
milliseconds after the other. Usage: gen_squid.py LINES [SEED [START [USERS]]] > access.log
(START: the first line's time, seconds since 1970; default 2025-12-03. USERS: a file of account names, one a line, for
the authenticated clients instead of user0, user3, ...)"""
import random
import sys

lines = int(sys.argv[1])
rng = random.Random(int(sys.argv[2]) if len(sys.argv) > 2 else 5)
clients = [f"192.168.{rng.randint(1, 20)}.{rng.randint(2, 254)}" for _ in range(230)]
clients += [f"2001:db8:10::{rng.randint(1, 65535):x}" for _ in range(20)]
names = [line.strip() for line in open(sys.argv[4]) if line.strip()] if len(sys.argv) > 4 else []
users = {client: ((names[n % len(names)] if names else f"user{n}") if n % 3 == 0 else "-") for n, client in enumerate(clients)}
tlds = ["ee", "de", "se", "com", "org", "net", "co.uk", "com.au"]
sites = [f"{rng.choice(['www.', 'cdn.', 'api.', ''])}site{n}.{rng.choice(tlds)}" for n in range(3000)]
cumulative = []
total = 0.0
for rank in range(len(sites)):
    total += 1.0 / (rank + 1)
    cumulative.append(total)
types = ["text/html", "image/png", "application/json", "text/css", "application/javascript", "-"]
out = sys.stdout
time = float(sys.argv[3]) if len(sys.argv) > 3 else 1_764_720_000.0
batch = []
for n in range(lines):
    time += rng.random() * 0.02
    client = rng.choice(clients)
    site = rng.choices(sites, cum_weights=cumulative)[0]
    roll = rng.random()
    if roll < 0.55:
        line = f"{time:.3f} {rng.randint(5, 90000):6d} {client} TCP_TUNNEL/200 {rng.randint(300, 900000)} CONNECT {site}:443 {users[client]} HIER_DIRECT/203.0.113.{rng.randint(1, 254)} -"
    elif roll < 0.85:
        code = rng.choice(["TCP_MISS/200", "TCP_MISS/200", "TCP_HIT/200", "TCP_MEM_HIT/200", "TCP_REFRESH_MODIFIED/200", "TCP_MISS/304", "TCP_MISS/404"])
        query = f"?q={rng.randint(1, 99999)}" if rng.random() < 0.2 else ""
        line = f"{time:.3f} {rng.randint(0, 5000):6d} {client} {code} {rng.randint(200, 500000)} GET http://{site}/path/{rng.randint(1, 999)}.html{query} {users[client]} HIER_DIRECT/198.51.100.{rng.randint(1, 254)} {rng.choice(types)}"
    elif roll < 0.93:
        line = f"{time:.3f} {0:6d} {client} TCP_DENIED/407 3980 GET http://{site}/ - HIER_NONE/- text/html"
    elif roll < 0.97:
        line = f"{time:.3f} {rng.randint(0, 10):6d} {client} TCP_DENIED/403 3800 CONNECT {site}:443 {users[client]} HIER_NONE/- text/html"
    elif roll < 0.99:
        line = f"{time:.3f} {rng.randint(1000, 120000):6d} {client} TCP_MISS_ABORTED/000 0 GET http://{site}/big.iso {users[client]} HIER_DIRECT/198.51.100.9 -"
    else:
        line = f"{time:.3f} {0:6d} {client} NONE_NONE/000 0 - error:transaction-end-before-headers - HIER_NONE/- -"
    batch.append(line)
    if len(batch) == 10000:
        out.write("\n".join(batch) + "\n")
        batch = []
if batch:
    out.write("\n".join(batch) + "\n")
