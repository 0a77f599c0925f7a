#!/usr/bin/env python3
"""Uncached pages (cache.enabled = false) of a site beside nginx serving the same bytes
as static files, in one run: wrk -t2 -c64 on an author's archive, an article, the home
page and the RSS feed, for each qalam binary given (a baseline build and this one, to
measure a change), then nginx. Prints a Markdown table; ratios are against nginx.

Usage: bench/uncached.py SITE [--bin NAME=PATH[@SITE] …] [--duration 5]
(a baseline binary of an older schema serves its own copy of the site: @SITE)
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile
import time
import urllib.request

from benchkit import read_wrk, site_and_binaries, wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def wrk(url, duration):
    out = subprocess.run(["wrk", "-t2", "-c64", f"-d{duration}s", "--latency", url], capture_output=True, text=True).stdout
    return read_wrk(out)[:3]


def main():
    args, bins = site_and_binaries(ROOT)
    db = sqlite3.connect(os.path.join(args.site, "qalam.db"))
    author = db.execute("SELECT a.slug FROM authors a JOIN article_authors aa ON aa.author_id = a.id JOIN articles r"
                        " ON r.id = aa.article_id WHERE r.lang = 'en' AND r.status = 'published' GROUP BY a.id"
                        " ORDER BY count(*) DESC LIMIT 1").fetchone()[0]
    article = db.execute("SELECT slug FROM articles WHERE lang = 'en' AND status = 'published'"
                         " ORDER BY published_at DESC LIMIT 1").fetchone()[0]
    pages = [("author archive", f"/en/authors/{author}"), ("article", f"/en/articles/{article}"), ("home", "/en/"),
             ("RSS feed", "/en/feed.xml")]
    work = tempfile.mkdtemp(prefix="qalam_uncached_")
    os.chmod(work, 0o755)
    results = {}
    try:
        for name, binary in bins:
            binary, _, own_site = binary.partition("@")
            env = {**os.environ, "QALAM_LOG_ACCESS": "false", "QALAM_CACHE_ENABLED": "false"}
            server = subprocess.Popen([binary, "serve", "--site", own_site or args.site, "--listen", "127.0.0.1:18090",
                                       "--threads", "2"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for("http://127.0.0.1:18090/healthz")
                for label, path in pages:
                    url = "http://127.0.0.1:18090" + path
                    body = urllib.request.urlopen(url).read()
                    if name == bins[-1][0]:  # nginx serves the last binary's bytes
                        file = os.path.join(work, "www", path.lstrip("/") + ("index.html" if path.endswith("/") else ""))
                        os.makedirs(os.path.dirname(file), exist_ok=True)
                        with open(file, "wb") as f:
                            f.write(body)
                    wrk(url, 2)  # warm-up
                    results[(name, label)] = wrk(url, args.duration)
            finally:
                server.terminate()
                server.wait()
        user = "user root;\n" if os.geteuid() == 0 else ""
        with open(os.path.join(work, "nginx.conf"), "w") as f:
            f.write(f"""{user}worker_processes 2;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  access_log off; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  types {{ text/html html; application/rss+xml xml; }}
  default_type "text/html; charset=utf-8";
  client_body_temp_path {work}/b; proxy_temp_path {work}/p; fastcgi_temp_path {work}/f;
  uwsgi_temp_path {work}/u; scgi_temp_path {work}/s;
  server {{ listen 127.0.0.1:18091; root {work}/www; }}
}}
""")
        subprocess.run(["nginx", "-c", f"{work}/nginx.conf", "-p", work], check=True)
        try:
            wait_for("http://127.0.0.1:18091/en/")
            for label, path in pages:
                url = "http://127.0.0.1:18091" + path
                wrk(url, 2)
                results[("nginx", label)] = wrk(url, args.duration)
        finally:
            subprocess.run(["nginx", "-c", f"{work}/nginx.conf", "-p", work, "-s", "stop"])
    finally:
        time.sleep(0.3)
        shutil.rmtree(work, ignore_errors=True)
    head = "| page | " + " | ".join(f"{n} req/s | {n} p50 µs | {n} p99 µs | {n} ÷ nginx" for n, _ in bins)
    print(head + " | nginx req/s |")
    print("| --- |" + " ---: | ---: | ---: | ---: |" * len(bins) + " ---: |")
    for label, _ in pages:
        n = results[("nginx", label)][0]
        cells = []
        for name, _ in bins:
            rps, p50, p99 = results[(name, label)]
            cells.append(f"{rps:.0f} | {p50:.0f} | {p99:.0f} | {rps / n:.3f}×")
        print(f"| {label} | " + " | ".join(cells) + f" | {n:.0f} |")


if __name__ == "__main__":
    main()
