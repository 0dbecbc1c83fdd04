"""Times every kind of demo page per role and sizes the first page view; driven by scripts/bench-pages."""
import gzip
import html.parser
import os
import re
import statistics
import subprocess
import time
import urllib.parse
import urllib.request
from collections import deque

BASE = os.environ["QM_URL"]
ROLES = ("admin", "executive", "senior.it.manager", "it.manager", "technician", "people.officer", "employee")


class Links(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.links, self.assets = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href", "").startswith("/"):
            self.links.append(attrs["href"].split("#")[0])
        if tag in ("link", "script") and (attrs.get("href") or attrs.get("src") or "").startswith("/assets/"):
            self.assets.append(attrs.get("href") or attrs.get("src"))


def kind(path):
    return re.sub(r"[0-9A-Fa-f]{8}-[0-9A-Fa-f-]{27}|\d+", "#", urllib.parse.urlsplit(path).path)


def sign_in(email):
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor())
    page = opener.open(BASE + "/signin").read().decode()
    token = re.search(r'name="_csrf" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"_csrf": token, "email": email, "password": "quartermaster-demo"}).encode()
    opener.open(BASE + "/signin", data)
    return opener


def get(opener, path):
    start = time.perf_counter()
    with opener.open(BASE + path) as response:
        body = response.read()
        return time.perf_counter() - start, response.status, response.headers.get_content_type(), body


def pages(opener):
    seen, kinds, queue = set(), {}, deque(["/dashboard"])
    while queue:
        path = queue.popleft()
        if path in seen or kind(path) in kinds or any(w in path for w in ("/export", "/signout", "/calendar", ".csv", "/openapi")):
            continue
        seen.add(path)
        try:
            _, status, ctype, body = get(opener, path)
        except Exception:
            continue
        if status != 200 or ctype != "text/html":
            continue
        kinds[kind(path)] = path
        parser = Links()
        parser.feed(body.decode("utf-8", "replace"))
        queue.extend(link for link in parser.links if link not in seen)
    return sorted(kinds.values())


results = []
for role in ROLES:
    opener = sign_in(f"{role}@demo.example")
    for path in pages(opener):
        best = min(get(opener, path)[0] for _ in range(3))
        results.append((best * 1000, role, path))
times = [r[0] for r in results]
print(f"pages timed: {len(results)} (one per kind per role), fastest of 3 each")
print(f"render time ms: median {statistics.median(times):.1f}, 95th {sorted(times)[int(len(times) * 0.95)]:.1f}, max {max(times):.1f}")
print(f"pages over 100 ms: {sum(t > 100 for t in times)}")
for ms, role, path in sorted(results, reverse=True)[:8]:
    print(f"  {ms:7.1f} ms  {role:18} {path}")

# The usage report keeps its aggregates until the usage data changes: time it right after an ingest beside the server
# (the cold case, as the first reader after new data sees it) and again straight after (what every later reader sees).
if os.environ.get("QM_BIN") and os.environ.get("QM_DATABASE"):
    opener = sign_in("it.manager@demo.example")
    cold, warm = [], []
    for round in range(5):
        log = os.path.join(os.environ["QM_WORK"], f"fresh-{round}.log")
        with open(log, "w") as file:
            file.write(f"{time.time():.3f} 20 10.0.0.1 TCP_MISS/200 100 GET http://example.org/ - HIER_DIRECT/192.0.2.1 text/html\n")
        subprocess.run([os.environ["QM_BIN"], "ingest", "squid", log, "--source", "bench", "--database", os.environ["QM_DATABASE"]],
                       check=True, capture_output=True, env={**os.environ, "QM_LOG_LEVEL": "error"})
        cold.append(get(opener, "/usage")[0] * 1000)
        warm.append(min(get(opener, "/usage")[0] for _ in range(3)) * 1000)
    print(f"usage report after an ingest beside the server, 5 rounds: first request {statistics.median(cold):.1f} ms median "
          f"({min(cold):.1f}-{max(cold):.1f}); next requests {statistics.median(warm):.1f} ms median ({min(warm):.1f}-{max(warm):.1f})")

# The first view: the dashboard after sign-in with every asset it loads, each as it travels (HTML as sent, assets
# compressed when the server compresses them; sizes with gzip -6 said beside).
opener = sign_in("it.manager@demo.example")
_, _, _, page = get(opener, "/dashboard")
parser = Links()
parser.feed(page.decode())
total_sent = len(page)
total_gzip = len(gzip.compress(page, 6))
print(f"first view, IT manager's dashboard: HTML {len(page) / 1024:.1f} kB ({len(gzip.compress(page, 6)) / 1024:.1f} kB gzipped)")
for asset in sorted(set(parser.assets) | {"/assets/icon.svg"}):
    request = urllib.request.Request(BASE + asset, headers={"Accept-Encoding": "gzip"})
    with opener.open(request) as response:
        sent = response.read()
        encoding = response.headers.get("Content-Encoding", "identity")
    raw = gzip.decompress(sent) if encoding == "gzip" else sent
    total_sent += len(sent)
    total_gzip += len(gzip.compress(raw, 6))
    print(f"  {asset}: {len(raw) / 1024:.1f} kB, sent {len(sent) / 1024:.1f} kB ({encoding})")
print(f"first view transferred: {total_sent / 1024:.1f} kB as sent; {total_gzip / 1024:.1f} kB if all were gzipped")
