"""A local stand-in for the feeds on the internet: serves every file of
../shared/testdata/feeds (the fixtures of three feed parsers' test suites) and hostile
variants, on 127.0.0.1 on a port the kernel picks.

  /fixtures/DIR/FILE         the fixture as it is; ETag and If-None-Match (304)
  /gzip/fixtures/DIR/FILE    the same, Content-Encoding: gzip
  /br/fixtures/DIR/FILE      the same, Content-Encoding: br
  /hostile/NAME              500, slow, loop, redirect, huge, endless, bomb, html, empty,
                             invalid-utf8, xxe, laughs
Every request is counted by path (`hits`), with the If-None-Match it carried.
"""
import gzip
import hashlib
import http.server
import os
import threading
import time

import brotli

SHARED = os.environ.get("QALAM_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
FEEDS = os.path.join(SHARED, "testdata", "feeds")

TYPES = {".json": "application/feed+json", ".atom": "application/atom+xml"}


def fixture_files():
    """(dir/file, path) of every fixture."""
    out = []
    for d in sorted(os.listdir(FEEDS)):
        if os.path.isdir(os.path.join(FEEDS, d)):
            for f in sorted(os.listdir(os.path.join(FEEDS, d))):
                out.append((f"{d}/{f}", os.path.join(FEEDS, d, f)))
    return out


_BOMB = None


def bomb():
    """100 MB of an RSS document's whitespace, gzipped to about 100 KB."""
    global _BOMB
    if _BOMB is None:
        raw = b"<rss version=\"2.0\"><channel>" + b" " * (100 * 1024 * 1024)
        _BOMB = gzip.compress(raw, compresslevel=9)
    return _BOMB


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def send(self, status, body=b"", headers=None):
        self.send_response(status)
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def do_GET(self):
        server = self.server
        with server.lock:
            server.hits.append((self.path, self.headers.get("If-None-Match", "")))
        path = self.path.split("?")[0]
        encoding = ""
        for prefix in ("/gzip", "/br"):
            if path.startswith(prefix + "/fixtures/"):
                encoding, path = prefix[1:], path[len(prefix):]
        if path.startswith("/fixtures/"):
            return self.fixture(path[len("/fixtures/"):], encoding)
        if path.startswith("/hostile/"):
            return getattr(self, "hostile_" + path[len("/hostile/"):].replace("-", "_"), self.not_found)()
        self.not_found()

    def not_found(self):
        self.send(404, b"not here")

    def fixture(self, name, encoding):
        file = os.path.join(FEEDS, name)
        if ".." in name or not os.path.isfile(file):
            return self.not_found()
        with open(file, "rb") as f:
            body = f.read()
        etag = '"' + hashlib.sha1(body).hexdigest()[:16] + '"'
        if self.headers.get("If-None-Match") == etag:
            return self.send(304, b"", {"ETag": etag})
        headers = {"Content-Type": TYPES.get(os.path.splitext(name)[1], "application/xml"), "ETag": etag}
        if encoding == "gzip":
            body, headers["Content-Encoding"] = gzip.compress(body), "gzip"
        elif encoding == "br":
            body, headers["Content-Encoding"] = brotli.compress(body), "br"
        self.send(200, body, headers)

    def hostile_500(self):
        self.send(500, b"<h1>Internal Server Error</h1>", {"Content-Type": "text/html"})

    def hostile_slow(self):
        # Headers at once, then one byte a second: only the whole-answer timeout ends it.
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", "1000")
        self.end_headers()
        try:
            for _ in range(120):
                self.wfile.write(b" ")
                self.wfile.flush()
                time.sleep(1)
        except OSError:
            pass

    def hostile_loop(self):
        self.send(302, b"", {"Location": "/hostile/loop"})

    def hostile_redirect(self):
        self.send(301, b"", {"Location": "/fixtures/rss-parser/heraldsun.rss"})

    def hostile_huge(self):
        # Declares 100 MB and sends as much as the client will read.
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Content-Length", str(100 * 1024 * 1024))
        self.end_headers()
        self.stream(b"<rss>" + b" " * 65531)

    def hostile_endless(self):
        # No length at all: items until the client stops reading.
        self.send_response(200)
        self.send_header("Content-Type", "application/xml")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(b"<rss version=\"2.0\"><channel>")
        self.stream(b"<item><title>again</title></item>" * 1000)

    def stream(self, chunk):
        try:
            for _ in range(2000):
                self.wfile.write(chunk)
        except OSError:
            pass
        self.close_connection = True

    def hostile_bomb(self):
        self.send(200, bomb(), {"Content-Type": "application/xml", "Content-Encoding": "gzip"})

    def hostile_html(self):
        self.send(200, b"<!DOCTYPE html><html><head><title>Moved</title></head><body>Gone</body></html>",
                  {"Content-Type": "text/html; charset=utf-8"})

    def hostile_empty(self):
        self.send(200, b"", {"Content-Type": "application/xml"})

    def hostile_invalid_utf8(self):
        self.send(200, b"<?xml version=\"1.0\" encoding=\"utf-8\"?><rss version=\"2.0\"><channel><title>T</title>"
                       b"<item><title>Bad \xff\xfe bytes</title><link>https://x.example/1</link></item>"
                       b"</channel></rss>", {"Content-Type": "application/rss+xml; charset=utf-8"})

    def hostile_xxe(self):
        port = self.server.server_address[1]
        body = (f"<?xml version=\"1.0\"?><!DOCTYPE rss [<!ENTITY file SYSTEM \"file:///etc/passwd\">"
                f"<!ENTITY net SYSTEM \"http://127.0.0.1:{port}/hostile/xxe-probe\">]>"
                f"<rss version=\"2.0\"><channel><title>X</title><item><title>Read &file;&net;</title>"
                f"<link>https://x.example/xxe</link></item></channel></rss>").encode()
        self.send(200, body, {"Content-Type": "application/xml"})

    def hostile_xxe_probe(self):
        self.send(200, b"probed", {"Content-Type": "text/plain"})

    def hostile_laughs(self):
        d = "<!ENTITY l0 \"lol\">" + "".join(
            f"<!ENTITY l{i} \"{('&l' + str(i - 1) + ';') * 10}\">" for i in range(1, 10))
        body = (f"<?xml version=\"1.0\"?><!DOCTYPE rss [{d}]><rss version=\"2.0\"><channel><title>L</title>"
                f"<item><title>&l9;</title><link>https://x.example/laugh</link></item></channel></rss>").encode()
        self.send(200, body, {"Content-Type": "application/xml"})


class FeedServer:
    def __init__(self):
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.httpd.handle_error = lambda request, address: None  # clients cut off on purpose
        self.httpd.hits = []
        self.httpd.lock = threading.Lock()
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)
        self.thread.start()

    @property
    def hits(self):
        with self.httpd.lock:
            return list(self.httpd.hits)

    def url(self, path):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}{path}"

    def stop(self):
        self.httpd.shutdown()
        self.httpd.server_close()
