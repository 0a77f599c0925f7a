"""A poll pass over 200 fixture sources (issue #16): `qalam sources poll` against a local
stand-in for the internet (tests/integration/feed_fixtures.py) serving the 32 feed
fixtures of ../shared/testdata/feeds, each source a distinct address (?copy=N), some
gzip- or brotli-encoded. Measured by GNU time: wall time, CPU time, peak RSS.

Baseline, in the same run: Python's feedparser (Debian's python3-feedparser, a real
feed reader) fetching and parsing the same 200 addresses one after another, as a
script would. Then the same qalam pass again, every feed answering 304.

Usage: bench/poll.py [--sources 200] [--runs 3]   (medians of the runs)
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

here = os.path.dirname(os.path.abspath(__file__))
root = os.path.dirname(here)
sys.path.insert(0, os.path.join(root, "tests", "integration"))
from feed_fixtures import FeedServer, fixture_files  # noqa: E402

QALAM = os.environ.get("QALAM_BIN", os.path.join(root, "build", "release", "qalam"))


def timed(cmd):
    """(wall s, cpu s, peak RSS MB, stdout) of a command under GNU time."""
    start = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-f", "%U %S %M", *cmd], capture_output=True, text=True)
    wall = time.monotonic() - start
    user, system, rss = done.stderr.strip().splitlines()[-1].split()
    return wall, float(user) + float(system), int(rss) / 1024, done.stdout


BASELINE = r'''
import sys, urllib.request, feedparser
items = 0
for url in sys.argv[1:]:
    try:
        body = urllib.request.urlopen(url, timeout=30).read()
    except Exception:
        continue
    items += len(feedparser.parse(body).entries)
print(items)
'''


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sources", type=int, default=200)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    feeds = FeedServer()
    names = [n for n, _ in fixture_files()]
    urls = []
    for i in range(args.sources):
        prefix = ["", "/gzip", "/br"][i % 3]
        urls.append(feeds.url(f"{prefix}/fixtures/{names[i % len(names)]}?copy={i}"))
    rows = {"qalam": [], "qalam 304": [], "feedparser": []}
    items_found = None
    for run in range(args.runs):
        site = tempfile.mkdtemp(prefix="qalam_poll_")
        shutil.rmtree(site)
        subprocess.run([QALAM, "init", site], check=True, capture_output=True)
        for i, url in enumerate(urls):
            subprocess.run([QALAM, "sources", "add", "--site", site, url, "--name", f"s{i:03}"], check=True,
                           capture_output=True)
        wall, cpu, rss, out = timed([QALAM, "sources", "poll", "--site", site])
        rows["qalam"].append((wall, cpu, rss))
        items_found = out.strip().splitlines()[-1]
        rows["qalam 304"].append(timed([QALAM, "sources", "poll", "--site", site])[:3])
        rows["feedparser"].append(timed(["/usr/bin/python3", "-c", BASELINE, *urls])[:3])
        shutil.rmtree(site, ignore_errors=True)
    feeds.stop()
    base = statistics.median(r[0] for r in rows["feedparser"])
    print(f"{args.sources} sources, median of {args.runs} runs; qalam: {items_found}")
    print("| pass | wall s | CPU s | peak RSS MB | wall vs feedparser |")
    print("| --- | --- | --- | --- | --- |")
    for name, runs in rows.items():
        wall = statistics.median(r[0] for r in runs)
        cpu = statistics.median(r[1] for r in runs)
        rss = statistics.median(r[2] for r in runs)
        print(f"| {name} | {wall:.2f} | {cpu:.2f} | {rss:.0f} | {wall / base:.2f}x |")


if __name__ == "__main__":
    main()
