#!/usr/bin/env python3
"""Issue #17's table: `qalam export-static` beside Hugo (Debian's package) on the same
10,000-article corpus (bench/hugo/README.md), in one run on this machine: wall time,
CPU time (user + system), peak RSS, files written. Then the 100,000-article site
exported, then one edit and the incremental run. Prints a Markdown table and writes
it to bench/out/static_export.md.

Usage: bench/static_export.py [--articles 10000] [--big-site bench/out/site-100k]
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
QALAM = os.environ.get("QALAM_BIN", os.path.join(ROOT, "build/release/qalam"))


def measured(cmd, env=None):
    """Runs cmd under /usr/bin/time -v: (wall s, cpu s, peak RSS MiB, stdout)."""
    started = time.monotonic()
    done = subprocess.run(["/usr/bin/time", "-v", *cmd], capture_output=True, text=True,
                          env={**os.environ, **(env or {})})
    wall = time.monotonic() - started
    if done.returncode != 0:
        sys.exit(f"{' '.join(cmd)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    def field(name):
        return float(re.search(rf"{name}: ([\d.]+)", done.stderr).group(1))
    cpu = field(r"User time \(seconds\)") + field(r"System time \(seconds\)")
    rss = field(r"Maximum resident set size \(kbytes\)") / 1024
    return wall, cpu, rss, done.stdout


def count_files(folder):
    return sum(len(files) for _, _, files in os.walk(folder))


def hugo_site(corpus, into):
    """The corpus as a Hugo site (bench/hugo/README.md)."""
    shutil.copytree(os.path.join(ROOT, "bench/hugo/layouts"), os.path.join(into, "layouts"))
    names = {"section": {}, "tag": {}, "author": {}}
    for line in open(corpus, encoding="utf-8"):
        r = json.loads(line)
        if r["type"] in names:
            names[r["type"]][r["slug"]] = r.get("name", {})
            continue
        if r["type"] != "article":
            continue
        lang = r["lang"]
        folder = os.path.join(into, "content", lang, "articles")
        os.makedirs(folder, exist_ok=True)
        front = {"title": r["title"], "date": r["published_at"], "summary": r.get("lead", ""),
                 "translationKey": r["translation_group"], "authors": r.get("authors", []),
                 "sections": [r["section"]] if r.get("section") else [], "tags": r.get("tags", [])}
        with open(os.path.join(folder, r["slug"] + ".md"), "w", encoding="utf-8") as f:
            f.write(json.dumps(front, ensure_ascii=False) + "\n\n" + r.get("body", "") + "\n")
    # Term pages carry the localized names, as Qalam's archives do.
    for kind, plural in (("section", "sections"), ("tag", "tags"), ("author", "authors")):
        for slug, name in names[kind].items():
            for lang in ("az", "en", "ru"):
                folder = os.path.join(into, "content", lang, plural, slug)
                os.makedirs(folder, exist_ok=True)
                title = name.get(lang) or name.get("en") or slug
                with open(os.path.join(folder, "_index.md"), "w", encoding="utf-8") as f:
                    f.write(json.dumps({"title": title}, ensure_ascii=False) + "\n")
    with open(os.path.join(into, "hugo.toml"), "w") as f:
        f.write('''baseURL = "https://news.example/"
title = "Qalam"
defaultContentLanguage = "az"
defaultContentLanguageInSubdir = true
paginate = 20
disableKinds = ["robotsTXT"]
[taxonomies]
author = "authors"
section = "sections"
tag = "tags"
[languages.az]
contentDir = "content/az"
weight = 1
[languages.en]
contentDir = "content/en"
weight = 2
[languages.ru]
contentDir = "content/ru"
weight = 3
''')


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--big-site", default=os.path.join(ROOT, "bench/out/site-100k"))
    args = parser.parse_args()
    work = tempfile.mkdtemp(prefix="qalam_static_bench_")
    rows = []
    try:
        corpus = os.path.join(work, "corpus.jsonl")
        subprocess.run([QALAM, "generate", "--articles", str(args.articles), "--seed", "7", "-o", corpus], check=True,
                       capture_output=True)
        site = os.path.join(work, "site")
        subprocess.run([QALAM, "init", site], check=True, capture_output=True)
        subprocess.run([QALAM, "import", "--site", site, corpus], check=True, capture_output=True,
                       env={**os.environ, "QALAM_DATABASE_SYNCHRONOUS": "normal"})
        hugo_dir = os.path.join(work, "hugo")
        hugo_site(corpus, hugo_dir)
        print(f"== {args.articles} articles: Hugo, then qalam export-static (--no-compress, and with .gz/.br)")
        wall, cpu, rss, _ = measured(["hugo", "--quiet", "--source", hugo_dir, "--destination", os.path.join(work, "hugo-out")])
        hugo_row = ("Hugo " + subprocess.run(["hugo", "version"], capture_output=True, text=True).stdout.split()[1],
                    wall, cpu, rss, count_files(os.path.join(work, "hugo-out")))
        rows.append(hugo_row)
        # Each run writes a folder of its own, all removed at the end: ext4 passes over
        # the inodes of files deleted in the last minutes when it makes new ones, so a
        # run right after a removal of 40,000 files paid seconds of system time for it.
        plain = os.path.join(work, "qalam-out-plain")
        wall, cpu, rss, _ = measured([QALAM, "export-static", "--site", site, "--out", plain, "--base-url",
                                      "https://news.example", "--no-compress"])
        rows.append(("qalam export-static --no-compress", wall, cpu, rss, count_files(plain)))
        out = os.path.join(work, "qalam-out")
        wall, cpu, rss, _ = measured([QALAM, "export-static", "--site", site, "--out", out, "--base-url",
                                      "https://news.example"])
        rows.append(("qalam export-static (with .gz and .br)", wall, cpu, rss, count_files(out)))
        # One edit, then the incremental run.
        first = next(json.loads(l) for l in open(corpus, encoding="utf-8") if '"type":"article"' in l)
        first["title"] += " (edited)"
        edit = os.path.join(work, "edit.jsonl")
        with open(edit, "w", encoding="utf-8") as f:
            f.write(json.dumps(first, ensure_ascii=False) + "\n")
        subprocess.run([QALAM, "import", "--site", site, edit], check=True, capture_output=True)
        wall, cpu, rss, said = measured([QALAM, "export-static", "--site", site, "--out", out, "--base-url",
                                         "https://news.example"])
        written = re.search(r"(\d+) rendered, (\d+) files written", said)
        rows.append((f"incremental after one edit ({written.group(1)} pages rendered)", wall, cpu, rss,
                     int(written.group(2))))
        big_rows = []
        if os.path.exists(os.path.join(args.big_site, "qalam.db")):
            big_out = os.path.join(work, "big-out")
            subprocess.run([QALAM, "migrate", "--site", args.big_site], check=True, capture_output=True)
            wall, cpu, rss, _ = measured([QALAM, "export-static", "--site", args.big_site, "--out", big_out,
                                          "--base-url", "https://news.example"])
            big_rows.append(("100,000 articles: qalam export-static (with .gz and .br)", wall, cpu, rss,
                             count_files(big_out)))
    finally:
        shutil.rmtree(work, ignore_errors=True)

    lines = [f"| run | wall s | CPU s | peak RSS MiB | files | wall ÷ Hugo's |", "| --- | ---: | ---: | ---: | ---: | ---: |"]
    for name, wall, cpu, rss, files in rows + big_rows:
        lines.append(f"| {name} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {files} | "
                     f"{hugo_row[1] / wall:.1f}× faster |" if not name.startswith("Hugo") else
                     f"| {name} | {wall:.1f} | {cpu:.1f} | {rss:.0f} | {files} | 1.0× |")
    table = "\n".join(lines)
    print(table)
    os.makedirs(os.path.join(ROOT, "bench/out"), exist_ok=True)
    with open(os.path.join(ROOT, "bench/out/static_export.md"), "w") as f:
        f.write(table + "\n")


if __name__ == "__main__":
    main()
