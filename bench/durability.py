#!/usr/bin/env python3
"""The cost of database.synchronous = "full" against "normal", measured in one run.

Starts `qalam serve` twice on fresh sites (one per setting), creates and then saves
editorial pieces through the Admin API on one kept-alive connection (each save is
one write transaction: the article, its revision, its search rows and the audit
entry), alternating the two servers request by request so that both see the same
machine, and prints the median and p95 latency of each and their ratio.

    python3 bench/durability.py [SAVES]          (default 400; build/release/qalam)
"""
import http.client
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

BIN = os.environ.get("QALAM_BIN", os.path.join(os.path.dirname(__file__), "../build/release/qalam"))
SAVES = int(sys.argv[1]) if len(sys.argv) > 1 else 400


def start(mode):
    site = tempfile.mkdtemp(prefix=f"qalam_dur_{mode}_")
    shutil.rmtree(site)
    subprocess.run([BIN, "init", site], check=True, capture_output=True)
    pw = os.path.join(site, "pw")
    with open(pw, "w") as f:
        f.write("correct horse battery\n")
    subprocess.run([BIN, "user", "add", "--site", site, "e@example.org", "--role", "editor", "--name", "E",
                    "--password-file", pw], check=True, capture_output=True)
    token = subprocess.run([BIN, "token", "create", "--site", site, "e@example.org"], check=True,
                           capture_output=True, text=True).stdout.strip()
    log = open(os.path.join(site, "serve.log"), "wb")
    proc = subprocess.Popen([BIN, "serve", "--site", site, "--listen", "127.0.0.1:0"], stdout=subprocess.DEVNULL,
                            stderr=log, env={**os.environ, "QALAM_DATABASE_SYNCHRONOUS": mode,
                                             "QALAM_LOG_ACCESS": "false"})
    for _ in range(200):
        time.sleep(0.05)
        m = re.search(r"at http://127\.0\.0\.1:(\d+)", open(log.name, encoding="utf-8").read())
        if m:
            return site, proc, int(m.group(1)), token
    raise SystemExit("qalam serve did not start")


def main():
    servers = {mode: start(mode) for mode in ("normal", "full")}
    conns = {mode: http.client.HTTPConnection("127.0.0.1", s[2]) for mode, s in servers.items()}
    times = {mode: [] for mode in servers}
    pieces = {mode: None for mode in servers}
    try:
        for i in range(SAVES):
            for mode in ("normal", "full") if i % 2 == 0 else ("full", "normal"):
                site, proc, port, token = servers[mode]
                h = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}
                if pieces[mode] is None or i % 10 == 0:
                    method, path = "POST", "/api/v1/admin/articles"
                    body = {"lang": "en", "title": f"Piece {i}", "body": "Text " * 200}
                else:
                    method, path = "PATCH", f"/api/v1/admin/articles/{pieces[mode]['id']}"
                    body = {"version": pieces[mode]["version"], "lead": f"Lead {i}"}
                started = time.perf_counter()
                conns[mode].request(method, path, json.dumps(body), h)
                r = conns[mode].getresponse()
                raw = r.read()
                times[mode].append(time.perf_counter() - started)
                if r.status not in (200, 201):
                    raise SystemExit(f"{mode}: {r.status} {raw[:300]}")
                pieces[mode] = json.loads(raw)
    finally:
        for site, proc, _, _ in servers.values():
            proc.terminate()
            proc.wait()
            shutil.rmtree(site, ignore_errors=True)
    def ms(v):
        return f"{v * 1000:.2f} ms"
    for mode, t in times.items():
        t.sort()
        print(f"{mode:7} saves {len(t)}  median {ms(statistics.median(t))}  p95 {ms(t[int(len(t) * 0.95)])}")
    ratio = statistics.median(times["full"]) / statistics.median(times["normal"])
    print(f"full / normal (median): {ratio:.2f}")


if __name__ == "__main__":
    main()
