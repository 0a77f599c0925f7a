#!/usr/bin/env python3
"""A crawler walking the archive: every request a different article page, with the
response cache on (its default), so each one is a miss that renders the page and keeps
it (compressed) in the cache, as a search engine's crawler or an archive bot meets the
site. bench/uncached.py measures pages with the cache off; this measures the miss path.

For each qalam binary given (a baseline build and this one, in the same run), on its
own copy of SITE: wrk -t2 -c16 with a Lua script that hands out the site's article
addresses, each at most once, for DURATION seconds. Prints a Markdown table with
requests/s, p50 and p99, and whether every request was a distinct page.

Usage: bench/crawl.py SITE [--bin NAME=PATH …] [--duration 5]
"""
import os
import shutil
import sqlite3
import subprocess
import tempfile

from benchkit import read_wrk, site_and_binaries, wait_for

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PORT = 18092

LUA = """
local paths = {}
for line in io.lines("%s") do paths[#paths + 1] = line end
local counter = 0
function setup(thread)
  thread:set("offset", counter)
  counter = counter + 1
end
local n = 0
request = function()
  -- two wrk threads take alternate addresses: none is asked twice
  local i = n * 2 + offset + 1
  n = n + 1
  if i > #paths then i = ((i - 1) %% #paths) + 1 end
  return wrk.format("GET", paths[i], {["Accept-Encoding"] = "gzip, br"})
end
"""


def wrk(script, duration):
    return read_wrk(subprocess.run(["wrk", "-t2", "-c16", f"-d{duration}s", "--latency", "-s", script,
                                    f"http://127.0.0.1:{PORT}"], capture_output=True, text=True).stdout)


def main():
    args, bins = site_and_binaries(ROOT)
    db = sqlite3.connect(os.path.join(args.site, "qalam.db"))
    paths = [f"/{lang}/articles/{slug}" for lang, slug in
             db.execute("SELECT lang, slug FROM articles WHERE status = 'published' ORDER BY id DESC")]
    db.close()
    work = tempfile.mkdtemp(prefix="qalam_crawl_")
    results = {}
    try:
        with open(os.path.join(work, "paths.txt"), "w") as f:
            f.write("\n".join(paths) + "\n")
        script = os.path.join(work, "crawl.lua")
        with open(script, "w") as f:
            f.write(LUA % os.path.join(work, "paths.txt"))
        for name, binary in bins:
            site = os.path.join(work, name)
            shutil.copytree(args.site, site)
            env = {**os.environ, "QALAM_LOG_ACCESS": "false"}
            server = subprocess.Popen([binary, "serve", "--site", site, "--listen", f"127.0.0.1:{PORT}", "--threads", "2"],
                                      env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            try:
                wait_for(f"http://127.0.0.1:{PORT}/healthz")
                results[name] = wrk(script, args.duration)
            finally:
                server.terminate()
                server.wait()
            shutil.rmtree(site, ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print(f"{len(paths)} article pages; wrk -t2 -c16 -d{args.duration}s, each request a different page, cache on\n")
    print("| binary | req/s | p50 ms | p99 ms | requests | all distinct |")
    print("| --- | ---: | ---: | ---: | ---: | --- |")
    for name, _ in bins:
        rps, p50, p99, total = results[name]
        print(f"| {name} | {rps:.0f} | {p50 / 1000:.1f} | {p99 / 1000:.1f} | {total} | {'yes' if total <= len(paths) else 'no'} |")


if __name__ == "__main__":
    main()
