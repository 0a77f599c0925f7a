#!/usr/bin/env python3
"""Issue #14's table: the same generated corpus on SQLite and on PostgreSQL, side by
side in one run. For each backend: `qalam import` of the corpus (wall seconds), then,
with the response cache off (`cache.enabled = false`, --threads 2), wrk -t2 -c64 on an
author's archive, an article, the home page, the RSS feed and searches of one to three
words; then Admin API writes (one client PATCHing one piece in a loop); and
`qalam copy` of the SQLite site into an empty PostgreSQL database. Prints a
Markdown table; the last column is PostgreSQL ÷ SQLite (≥ 0.5 is the issue's target
for uncached pages).

Usage: bench/backends.py [--articles 20000] [--duration 5]
Starts its own PostgreSQL server (tests/support/pg_server) and removes it afterwards.
"""
import argparse
import http.client
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tempfile
import time

from benchkit import read_wrk, wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QALAM = os.path.join(ROOT, "build/release/qalam")
SEARCH_BENCH = os.path.join(ROOT, "build/release/bench/qalam_search_bench")
PG_SERVER = os.path.join(ROOT, "tests/support/pg_server")
PORT = 18095


def qalam(*args, env=None):
    done = subprocess.run([QALAM, *args], capture_output=True, text=True, env={**os.environ, **(env or {})})
    if done.returncode != 0:
        raise SystemExit(f"qalam {' '.join(args)}: {done.stderr}")
    return done.stdout


def wrk(path, duration):
    # A 30 s timeout (wrk's own is 2 s): a slow page is measured, not left out of the
    # latencies as a timeout.
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{duration}s", "--timeout", "30s", "--latency",
                          f"http://127.0.0.1:{PORT}{path}"], capture_output=True, text=True).stdout
    timeouts = re.search(r"timeout (\d+)", out)
    if timeouts and int(timeouts.group(1)) > 0:
        raise SystemExit(f"{path}: {timeouts.group(1)} requests timed out after 30 s")
    return read_wrk(out)[:3]


def api_writes(token, piece, seconds):
    """PATCHes of one piece's lead by one client for `seconds`: writes per second."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT)
    version, done, end = piece["version"], 0, time.time() + seconds
    while time.time() < end:
        body = json.dumps({"version": version, "lead": f"Lead, saved {done} times"})
        conn.request("PATCH", f"/api/v1/admin/articles/{piece['id']}", body,
                     {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        answer = conn.getresponse()
        doc = json.loads(answer.read())
        if answer.status != 200:
            raise SystemExit(f"PATCH: {answer.status} {doc}")
        version, done = doc["version"], done + 1
    return done / seconds


def measure(site, pages, searches, duration):
    env = {**os.environ, "QALAM_LOG_ACCESS": "false", "QALAM_CACHE_ENABLED": "false"}
    server = subprocess.Popen([QALAM, "serve", "--site", site, "--listen", f"127.0.0.1:{PORT}", "--threads", "2"],
                              env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    rows = {}
    try:
        wait_for(f"http://127.0.0.1:{PORT}/healthz")
        for label, path in searches:
            if found_nothing(path):
                raise SystemExit(f"{label}: {path} finds nothing on {site}: a benchmark of an empty result")
        for label, path in pages + searches:
            wrk(path, 2)  # warm-up
            rows[label] = wrk(path, duration)
        qalam("user", "add", "--site", site, "bench@example.org", "--role", "editor", "--name", "Bench",
              "--password-file", password_file(site))
        token = qalam("token", "create", "--site", site, "bench@example.org", "--name", "bench").strip()
        conn = http.client.HTTPConnection("127.0.0.1", PORT)
        conn.request("POST", "/api/v1/admin/articles",
                     json.dumps({"lang": "en", "title": "Bench piece", "lead": "Lead", "body": "Text."}),
                     {"Authorization": "Bearer " + token, "Content-Type": "application/json"})
        piece = json.loads(conn.getresponse().read())
        rows["Admin API writes"] = api_writes(token, piece, duration)
    finally:
        server.terminate()
        server.wait()
    return rows


def found_nothing(path):
    """Whether the search page at `path` shows no hit (the theme's "Nothing found")."""
    conn = http.client.HTTPConnection("127.0.0.1", PORT)
    conn.request("GET", path)
    page = conn.getresponse().read().decode()
    return "search-hit" not in page


def password_file(site):
    path = os.path.join(site, "bench-password")
    with open(path, "w") as f:
        f.write("correct horse battery staple\n")
    return path


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--duration", type=int, default=5)
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="qalam_backends_")
    os.chmod(work, 0o755)
    pg_dir = os.path.join(work, "pg")
    # Memory for the working set, as docs/deploy.md sets it for a server of its own
    # (PostgreSQL's default of 128 MB holds less than the 100,000-article index).
    subprocess.run([PG_SERVER, "start", pg_dir], check=True, stdout=subprocess.DEVNULL,
                   env={**os.environ, "QALAM_PG_OPTIONS": "-c shared_buffers=1GB"})
    try:
        corpus = os.path.join(work, "corpus.jsonl")
        qalam("generate", "--articles", str(args.articles), "--seed", "7", "-o", corpus)
        with open(os.path.join(pg_dir, "url")) as f:
            server_url = f.read().strip()
        subprocess.run(["psql", server_url, "-qc", "CREATE DATABASE bench"], check=True)
        sites = {"SQLite": os.path.join(work, "sqlite"), "PostgreSQL": os.path.join(work, "postgres")}
        qalam("init", sites["SQLite"])
        qalam("init", sites["PostgreSQL"], "--database-url", server_url.rsplit("/", 1)[0] + "/bench")
        imports = {}
        for name, site in sites.items():
            start = time.time()
            qalam("import", "--site", site, corpus)
            imports[name] = time.time() - start
        subprocess.run(["psql", server_url, "-qc", "CREATE DATABASE copied"], check=True)
        start = time.time()
        qalam("copy", "--site", sites["SQLite"], "--to", server_url.rsplit("/", 1)[0] + "/copied")
        copy_seconds = time.time() - start
        db = sqlite3.connect(os.path.join(sites["SQLite"], "qalam.db"))
        author = db.execute("SELECT a.slug FROM authors a JOIN article_authors aa ON aa.author_id = a.id"
                            " JOIN articles r ON r.id = aa.article_id WHERE r.lang = 'en' AND r.status = 'published'"
                            " GROUP BY a.id ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
        article = db.execute("SELECT slug FROM articles WHERE lang = 'en' AND status = 'published'"
                             " ORDER BY published_at DESC LIMIT 1").fetchone()[0]
        pages = [("author archive", f"/en/authors/{author}"), ("article", f"/en/articles/{article}"),
                 ("home", "/en/"), ("RSS feed", "/en/feed.xml")]
        # Words of the generated texts: a topic word (in about one piece in eight),
        # then words most pieces share. (Runs before 2026-12-03 searched words the
        # texts lack, and measured searches that found nothing.)
        searches = [("search, 1 word", "/en/search?q=reconstruction"),
                    ("search, 2 words", "/en/search?q=reconstruction+debate"),
                    ("search, 3 words", "/en/search?q=reconstruction+debate+timetable")]
        results = {name: measure(site, pages, searches, args.duration) for name, site in sites.items()}
        # Search in process (no HTTP): p50 and p95 per kind of query, each backend.
        in_process = {
            "SQLite": subprocess.run([SEARCH_BENCH, os.path.join(sites["SQLite"], "qalam.db"), "20"],
                                     capture_output=True, text=True, check=True).stdout,
            "PostgreSQL": subprocess.run([SEARCH_BENCH, server_url.rsplit("/", 1)[0] + "/bench", "20"],
                                         capture_output=True, text=True, check=True).stdout,
        }
        print(f"{args.articles:,} generated articles (seed 7); wrk -t2 -c64 -d{args.duration}s, cache off, "
              "--threads 2; PostgreSQL 15 on the same machine (fsync off, as the tests run it)\n")
        print("| | SQLite | PostgreSQL | PostgreSQL ÷ SQLite |")
        print("| --- | ---: | ---: | ---: |")
        s, p = imports["SQLite"], imports["PostgreSQL"]
        print(f"| import, wall s | {s:.1f} | {p:.1f} | {s / p:.2f}× the speed |")
        for label, _ in pages + searches:
            (s_rps, s50, s99), (p_rps, p50, p99) = results["SQLite"][label], results["PostgreSQL"][label]
            print(f"| {label}: req/s (p50 / p99 ms) | {s_rps:,.0f} ({s50 / 1000:.1f} / {s99 / 1000:.1f})"
                  f" | {p_rps:,.0f} ({p50 / 1000:.1f} / {p99 / 1000:.1f}) | {p_rps / s_rps:.2f}× |")
        s, p = results["SQLite"]["Admin API writes"], results["PostgreSQL"]["Admin API writes"]
        print(f"| Admin API writes/s, one client | {s:.0f} | {p:.0f} | {p / s:.2f}× |")
        print(f"| `qalam copy` SQLite → PostgreSQL, wall s | | {copy_seconds:.1f} | |")
        for name, table in in_process.items():
            print(f"\nSearch in process, {name} (qalam_search_bench, 20 rounds):\n")
            print(table.strip())
    finally:
        subprocess.run([PG_SERVER, "stop", pg_dir], stdout=subprocess.DEVNULL)
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
