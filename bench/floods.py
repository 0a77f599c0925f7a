#!/usr/bin/python3
"""Cached pages under hostile or heavy traffic (issues #13 and #18).

Starts `qalam serve` on a fresh demo site and measures, with wrk, the latency of a
cached page (/en/) and of /healthz: first quiet, then while each flood runs in
background threads on the same machine:

  uploads   20 clients uploading a 2,400 x 1,600 PNG through the Admin API (libvips)
  sign-ins  20 clients signing in (argon2id, 64 MiB each)
  search    4 clients looping q=the the the … (12 repeated terms)
  bodies    4 clients sending 1 MB form bodies of '&' to /newsroom/sign-in

Each cell has its own quiet baseline, measured just before the flood starts. Each
in two designs, one after the other in the same run: the work pool (handlers
that may wait run on server.workers threads) and the design before it
(server.workers = 0: every handler on the two I/O threads). Prints one Markdown
table: p50 and p99 of each page quiet and under each flood, and the p99 ratio
flood/quiet (the target: within 2x).

With --pin, the server runs on the last core and wrk and the flood's clients on the
others (taskset-like affinity), so what the load generator costs does not land on the
server's core; quiet baselines are taken the same way.

Usage: bench/floods.py [seconds] [--pin] [--designs pool,io]
"""
import http.client
import json
import os
import re
import shutil
import struct
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import zlib

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QALAM = os.environ.get("QALAM_BIN", os.path.join(ROOT, "build/release/qalam"))
ARGS = [a for a in sys.argv[1:] if not a.startswith("--")]
SECONDS = int(ARGS[0]) if ARGS else 8
PIN = "--pin" in sys.argv
DESIGNS = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--designs=")), "pool,io").split(",")
CORES = sorted(os.sched_getaffinity(0))
SERVER_CORES = {CORES[-1]} if PIN and len(CORES) > 1 else set(CORES)
CLIENT_CORES = set(CORES[:-1]) if PIN and len(CORES) > 1 else set(CORES)
PASSWORD = "correct horse battery"


def png(width, height):
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    row = bytes(((x * 7) & 255) for x in range(width * 3))
    rows = b"".join(b"\0" + row for _ in range(height))
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b"")


def qalam(*args):
    done = subprocess.run([QALAM, *args], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"qalam {' '.join(args)}: {done.stderr}")
    return done.stdout


def to_us(text):
    n = float(re.match(r"[\d.]+", text).group(0))
    return n if text.endswith("us") else n * 1000 if text.endswith("ms") else n * 1_000_000


def wrk(port, path):
    # With --pin (as root), wrk runs before the flood's clients on their core: its
    # latencies then say what the server did, not how long wrk waited for its core.
    nice = ["nice", "-n", "-10"] if PIN and os.geteuid() == 0 else []
    out = subprocess.run(nice + ["wrk", "-t1", "-c8", f"-d{SECONDS}s", "--latency", f"http://127.0.0.1:{port}{path}"],
                         capture_output=True, text=True).stdout
    p50 = re.search(r"^\s+50%\s+(\S+)", out, re.M).group(1)
    p99 = re.search(r"^\s+99%\s+(\S+)", out, re.M).group(1)
    return to_us(p50), to_us(p99)


class Flood:
    def __init__(self, port, clients, one_request):
        self.port, self.clients, self.one_request = port, clients, one_request
        self.stop = threading.Event()
        self.done = 0
        self.statuses = {}

    def run(self):
        while not self.stop.is_set():
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
            try:
                status, retry_after = self.one_request(conn)
            except OSError:
                status, retry_after = "error", None
            finally:
                conn.close()
            self.statuses[status] = self.statuses.get(status, 0) + 1
            self.done += 1
            if retry_after:  # as a browser's uploader would: wait as told (at most 2 s here)
                self.stop.wait(min(2.0, float(retry_after)))

    def __enter__(self):
        self.threads = [threading.Thread(target=self.run, daemon=True) for _ in range(self.clients)]
        for t in self.threads:
            t.start()
        time.sleep(1)  # let it build up
        return self

    def __exit__(self, *exc):
        self.stop.set()
        for t in self.threads:
            t.join(120)


def main():
    work = tempfile.mkdtemp(prefix="qalam_floods_")
    site = os.path.join(work, "site")
    qalam("init", "--demo", site)
    with open(os.path.join(work, "pw"), "w") as f:
        f.write(PASSWORD + "\n")
    qalam("user", "add", "--site", site, "chief@example.org", "--role", "admin", "--name", "Chief",
          "--password-file", os.path.join(work, "pw"))
    token = qalam("token", "create", "--site", site, "chief@example.org", "--name", "bench").strip()
    os.sched_setaffinity(0, CLIENT_CORES)  # this script's flood threads and wrk
    where = (f"server on core {sorted(SERVER_CORES)}, wrk and the flood clients on {sorted(CLIENT_CORES)}" if PIN
             else f"{os.cpu_count()} cores shared by server, wrk and the flood clients")
    print(f"qalam {qalam('--version').strip()}, demo site, wrk -t1 -c8 -d{SECONDS}s per cell, {where}\n")
    print("| design | flood | page | quiet p50 µs | quiet p99 µs | flood p50 µs | flood p99 µs | p99 flood/quiet | flood requests (statuses) |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | --- |")
    try:
        designs = {"pool": ("work pool (4 workers)", "4"), "io": ("handlers on the I/O threads", "0")}
        for key in DESIGNS:
            measure(site, token, *designs[key], work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def measure(site, token, design, workers, work):
    log = open(os.path.join(work, f"serve-{workers}.log"), "w")
    server = subprocess.Popen([QALAM, "serve", "--site", site, "--listen", "127.0.0.1:0"], stdout=subprocess.DEVNULL,
                              stderr=log, env={**os.environ, "QALAM_LOG_ACCESS": "false", "QALAM_SERVER_WORKERS": workers},
                              preexec_fn=lambda: os.sched_setaffinity(0, SERVER_CORES))
    try:
        port = None
        for _ in range(200):
            m = re.search(r"at http://127\.0\.0\.1:(\d+)", open(log.name).read())
            if m:
                port = int(m.group(1))
                break
            time.sleep(0.05)
        image = png(2400, 1600)
        boundary = "qalambench"
        upload_body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nBench\r\n"
                       f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                       f"Content-Type: image/png\r\n\r\n").encode() + image + f"\r\n--{boundary}--\r\n".encode()

        def upload(conn):
            conn.request("POST", "/api/v1/admin/media", upload_body,
                         {"Authorization": "Bearer " + token, "Content-Type": "multipart/form-data; boundary=" + boundary})
            r = conn.getresponse()
            r.read()
            return r.status, r.getheader("Retry-After")

        def sign_in(conn):
            conn.request("GET", "/newsroom/sign-in")
            r = conn.getresponse()
            page = r.read().decode()
            nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"nonce": nonce, "email": "chief@example.org", "password": PASSWORD})
            conn.request("POST", "/newsroom/sign-in", form, {"Content-Type": "application/x-www-form-urlencoded",
                                                             "Cookie": "qalam_sign_in=" + nonce})
            r = conn.getresponse()
            r.read()
            return r.status, r.getheader("Retry-After")

        def search(conn):
            conn.request("GET", "/en/search?q=" + "+".join(["the"] * 12))
            r = conn.getresponse()
            r.read()
            return r.status, r.getheader("Retry-After")

        ampersands = b"&" * 1_000_000

        def bodies(conn):
            conn.request("POST", "/newsroom/sign-in", ampersands, {"Content-Type": "application/x-www-form-urlencoded"})
            r = conn.getresponse()
            r.read()
            return r.status, r.getheader("Retry-After")

        for _ in range(3):
            c = http.client.HTTPConnection("127.0.0.1", port)
            c.request("GET", "/en/")
            c.getresponse().read()
        floods = [("20 concurrent uploads", 20, upload), ("20 concurrent sign-ins", 20, sign_in),
                  ("4 clients searching 'the' x12", 4, search), ("4 clients posting 1 MB of '&'", 4, bodies)]
        for name, clients, request in floods:
            for path in ("/en/", "/healthz"):
                q50, q99 = wrk(port, path)  # the quiet baseline, just before
                with Flood(port, clients, request) as f:
                    p50, p99 = wrk(port, path)
                statuses = ", ".join(f"{k}: {v}" for k, v in sorted(f.statuses.items(), key=str))
                print(f"| {design} | {name} | {path} | {q50:.0f} | {q99:.0f} | {p50:.0f} | {p99:.0f} | "
                      f"{p99 / q99:.2f}x | {f.done} ({statuses}) |")
                sys.stdout.flush()
    finally:
        server.terminate()
        server.wait(60)


if __name__ == "__main__":
    main()
