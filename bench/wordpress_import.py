#!/usr/bin/env python3
"""Issue #15's figures: `qalam import --from wordpress` on generated trilingual WordPress
exports (tests/integration/wxr_corpus.py) of growing size, in one run on this machine:
wall time, posts per second, peak RSS; the baseline is libxml2 alone reading the same
file (`xmllint --stream`), so the ratio is what mapping, converting and writing cost on
top of parsing. Then kill -9 at random points and --resume, TRIALS times: no duplicate,
nothing missing. Prints a Markdown table and writes it to bench/out/wordpress_import.md.

Usage: bench/wordpress_import.py [--sizes 10000,100000] [--images 1000] [--trials 10]
"""
import argparse
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QALAM = os.environ.get("QALAM_BIN", os.path.join(ROOT, "build/release/qalam"))
sys.path.insert(0, os.path.join(ROOT, "tests/integration"))
import wxr_corpus  # noqa: E402


def measured(cmd):
    """Runs cmd under /usr/bin/time -v: (wall s, peak RSS MiB, stdout)."""
    started = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True)
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    rss = float(re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr).group(1)) / 1024
    return wall, rss, done.stdout


def new_site(tmp, name):
    site = os.path.join(tmp, name)
    done = subprocess.run([QALAM, "init", site], capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(done.stderr)
    return site


def count(site, sql):
    with sqlite3.connect(os.path.join(site, "qalam.db")) as db:
        return db.execute(sql).fetchone()[0]


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--sizes", default="10000,100000")
    p.add_argument("--images", type=int, default=1000)
    p.add_argument("--trials", type=int, default=10)
    a = p.parse_args()
    tmp = tempfile.mkdtemp(prefix="qalam_wp_bench_")
    rows = []
    try:
        for posts in [int(s) for s in a.sizes.split(",")]:
            xml = os.path.join(tmp, f"wp-{posts}.xml")
            uploads = os.path.join(tmp, f"uploads-{posts}")
            with open(xml, "w", encoding="utf-8") as f:
                wxr_corpus.write(f, posts, uploads, images=a.images)
            size = os.path.getsize(xml) / 2**20
            parse_wall, parse_rss, _ = measured(["xmllint", "--stream", "--noout", xml])
            site = new_site(tmp, f"site-{posts}")
            wall, rss, out = measured([QALAM, "import", "--site", site, "--from", "wordpress", "--uploads", uploads, xml])
            articles = count(site, "SELECT count(*) FROM articles")
            assert articles == posts, (articles, posts)
            rows.append((posts, size, a.images, wall, posts / wall, rss, parse_wall, wall / parse_wall, parse_rss))
            print(out, file=sys.stderr)
        # Resume after kill -9 at random points, on the smallest file.
        posts = int(a.sizes.split(",")[0])
        xml = os.path.join(tmp, f"wp-{posts}.xml")
        uploads = os.path.join(tmp, f"uploads-{posts}")
        full_wall = rows[0][3]
        rng = random.Random(15)
        trials = []
        for trial in range(a.trials):
            site = new_site(tmp, f"resume-{trial}")
            kill_at = rng.uniform(0.05, 0.95) * full_wall
            proc = subprocess.Popen([QALAM, "import", "--site", site, "--from", "wordpress", "--uploads", uploads,
                                     "--resume", xml], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(kill_at)
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            before = count(site, "SELECT count(*) FROM articles")
            done = subprocess.run([QALAM, "import", "--site", site, "--from", "wordpress", "--uploads", uploads,
                                   "--resume", xml], capture_output=True, text=True)
            if done.returncode != 0:
                sys.exit(done.stderr)
            after = count(site, "SELECT count(*) FROM articles")
            duplicates = count(site, "SELECT count(*) FROM (SELECT lang, translation_group FROM articles"
                                     " GROUP BY 1, 2 HAVING count(*) > 1)")
            images = count(site, "SELECT count(*) FROM media")
            # An image is recorded as it is stored: a kill between the two may store one twice.
            if after != posts or duplicates or not a.images <= images <= a.images + 1:
                sys.exit(f"trial {trial + 1}: {after} articles of {posts}, {duplicates} duplicated, {images} images")
            trials.append((trial + 1, kill_at, before, after, duplicates, images))
            shutil.rmtree(site)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    table = ["| posts | file | images | import wall | posts/s | peak RSS | xmllint --stream (baseline) | ratio | baseline RSS |",
             "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |"]
    for posts, size, images, wall, rate, rss, pwall, ratio, prss in rows:
        table.append(f"| {posts:,} | {size:.0f} MiB | {images:,} | {wall:.1f} s | {rate:,.0f} | {rss:.0f} MiB | "
                     f"{pwall:.2f} s | {ratio:.0f}× | {prss:.0f} MiB |")
    table += ["", f"kill -9 at a random point of a {int(a.sizes.split(',')[0]):,}-post import, then `--resume`:", "",
              "| trial | killed after | articles then | articles after resume | duplicates | images |",
              "| ---: | ---: | ---: | ---: | ---: | ---: |"]
    for trial, kill_at, before, after, duplicates, images in trials:
        table.append(f"| {trial} | {kill_at:.1f} s | {before:,} | {after:,} | {duplicates} | {images:,} |")
    text = "\n".join(table) + "\n"
    os.makedirs(os.path.join(ROOT, "bench/out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/out/wordpress_import.md"), "w") as f:
        f.write(text)
    print(text)


if __name__ == "__main__":
    main()
