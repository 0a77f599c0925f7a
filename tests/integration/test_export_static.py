"""qalam export-static (issue #17): the public site as files, served by plain nginx with
the documented configuration, crawled link by link; incremental runs touch only the
pages an edit shows on; a run killed half-way leaves the export as it was."""
import gzip
import json
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
import unittest
import urllib.error
import urllib.request
from html.parser import HTMLParser

from harness import QALAM, Server, Site, html_problems, run_qalam
from static_export import Nginx, free_port


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)
            if name == "srcset" and value:
                self.links += [part.strip().split(" ")[0] for part in value.split(",")]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, headers=None):
    try:
        with OPENER.open(urllib.request.Request(url, headers=headers or {}), timeout=10) as r:
            return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    except urllib.error.HTTPError as e:
        return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read()


def import_lines(site, records):
    path = os.path.join(site.dir, "edit.jsonl")
    with open(path, "w", encoding="utf-8") as f:
        for r in records:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    done = run_qalam("import", "--site", site.dir, path)
    assert done.returncode == 0, done.stderr


def piece(slug, title, group, published="2026-11-20T10:00:00Z"):
    return {"type": "article", "lang": "en", "slug": slug, "title": title, "translation_group": group,
            "published_at": published, "lead": "A lead about Shusha and the talks.", "body": "Body.",
            "authors": ["vasif-huseynov"], "section": "analysis", "tags": ["karabakh"]}


class ExportStaticTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Site()
        cls.port = free_port()
        cls.base_url = f"http://127.0.0.1:{cls.port}"
        cls.out = os.path.join(tempfile.mkdtemp(prefix="qalam_static_"), "www")
        # A renamed piece: its old address must answer 301 on the static site too.
        import_lines(cls.site, [piece("old-name", "Renamed piece", "tg-renamed")])
        import_lines(cls.site, [piece("new-name", "Renamed piece", "tg-renamed")])
        cls.first = cls.export()
        assert cls.first.returncode == 0, cls.first.stderr
        cls.nginx = Nginx(cls.out, cls.port)

    @classmethod
    def tearDownClass(cls):
        cls.nginx.stop()
        shutil.rmtree(os.path.dirname(cls.out), ignore_errors=True)
        cls.site.cleanup()

    @classmethod
    def export(cls, *extra):
        return run_qalam("export-static", "--site", cls.site.dir, "--out", cls.out, "--base-url", cls.base_url, *extra,
                         timeout=300)

    def manifest(self):
        with open(os.path.join(self.out, ".qalam-export.json"), encoding="utf-8") as f:
            return json.load(f)

    def test_1_crawl_finds_no_broken_link_and_every_sitemap_page(self):
        self.assertIn("full run", self.first.stdout)
        self.assertNotIn("broken link", self.first.stderr)
        seen, queue, broken = set(), ["/", "/sitemap.xml", "/robots.txt"], []
        sitemap_urls = set()
        while queue:
            path = queue.pop()
            if path in seen:
                continue
            seen.add(path)
            status, headers, body = fetch(self.nginx.base + path)
            if status != 200:
                broken.append(f"{path} ({status})")
                continue
            kind = headers.get("content-type", "")
            if path.startswith(("/assets/", "/media/")) or not ("html" in kind or "xml" in kind):
                continue
            text = body.decode("utf-8")
            found = []
            if "html" in kind:
                parser = Links()
                parser.feed(text)
                found = parser.links
            for loc in re.findall(r"<loc>([^<]+)</loc>", text):
                found.append(loc)
                if "/sitemaps/" not in loc:
                    sitemap_urls.add(loc)
            for link in found:
                if link.startswith(self.base_url):
                    link = link[len(self.base_url):] or "/"
                if not link.startswith("/") or link.startswith("//"):
                    continue
                link = link.split("#")[0]
                if "?" in link:
                    continue  # search results: the static search page reads its query itself
                queue.append(link)
        self.assertEqual(broken, [])
        self.assertGreater(len(seen), 3000)  # the demo: ~2,000 pieces in three editions, archives, feeds
        self.assertGreater(len(sitemap_urls), 1000)
        for url in sitemap_urls:
            self.assertIn(url[len(self.base_url):], seen, url)
        # Archives' later pages are reached (path-numbered, as on the server).
        self.assertTrue(any(re.match(r"^/en/tags/[a-z0-9-]+/page/2$", p) for p in seen))

    def test_2_pages_are_the_servers_bytes_with_precompressed_copies(self):
        status, headers, body = fetch(self.nginx.base + "/en/")
        self.assertEqual(status, 200)
        self.assertIn("text/html", headers["content-type"])
        self.assertIn(f'<link rel="canonical" href="{self.base_url}/en/">', body.decode())
        status, headers, packed = fetch(self.nginx.base + "/en/articles/new-name", {"Accept-Encoding": "gzip"})
        self.assertEqual((status, headers.get("content-encoding")), (200, "gzip"))
        self.assertIn("Renamed piece", gzip.decompress(packed).decode())
        for name in ("en/index.html.gz", "en/index.html.br", "en/feed.xml.gz", "assets/style.css.br"):
            self.assertTrue(os.path.exists(os.path.join(self.out, name)), name)
        status, headers, feed = fetch(self.nginx.base + "/en/feed.xml")
        self.assertEqual(status, 200)
        self.assertIn(f"<link>{self.base_url}/en/articles/", feed.decode())

    def test_2b_archive_pages_list_what_the_server_lists(self):
        # The export continues each archive page after the previous one's last piece
        # (no OFFSET); the server counts by page number: the same pieces either way.
        server = Server(self.site)
        try:
            for lang, archive in (("en", "sections/politics"), ("az", "sections/analysis"), ("ru", "tags/karabakh")):
                for page in (2, 3, 5):
                    path = f"/{lang}/{archive}/page/{page}"
                    status, _, served = server.get(path)
                    if status == 404:
                        continue
                    self.assertEqual(status, 200, path)
                    with open(os.path.join(self.out, path.lstrip("/") + ".html"), encoding="utf-8") as f:
                        exported = f.read()
                    titles = lambda html: re.findall(r'<h2 class="card-title"[^>]*><a href="([^"]+)"', html)
                    self.assertTrue(titles(exported), path)
                    self.assertEqual(titles(exported), titles(served.decode()), path)
        finally:
            server.stop()

    def test_3_root_not_found_and_redirects(self):
        status, _, body = fetch(self.nginx.base + "/")
        self.assertEqual(status, 200)
        # The pages only an export has are valid HTML: the language choice, the static
        # search page, the 404 page.
        pages = {"/": body, "/en/search": fetch(self.nginx.base + "/en/search")[2],
                 "/404.html": fetch(self.nginx.base + "/404.html")[2]}
        self.assertEqual(html_problems(pages), [])
        for lang in ("az", "en", "ru"):
            self.assertIn(f'hreflang="{lang}" href="{self.base_url}/{lang}/"', body.decode())
        status, _, body = fetch(self.nginx.base + "/ru/articles/no-such-piece")
        self.assertEqual(status, 404)
        self.assertIn('lang="ru"', body.decode())
        status, headers, _ = fetch(self.nginx.base + "/en/articles/old-name")
        self.assertEqual(status, 301)
        self.assertTrue(headers["location"].endswith("/en/articles/new-name"), headers["location"])
        with open(os.path.join(self.out, "_redirects"), encoding="utf-8") as f:
            self.assertIn("/en/articles/old-name /en/articles/new-name 301\n", f.read())
        for hidden in ("/.qalam-export.json", "/nginx-redirects.map", "/_redirects"):
            self.assertEqual(fetch(self.nginx.base + hidden)[0], 404, hidden)

    def test_4_search_page_and_index(self):
        status, _, body = fetch(self.nginx.base + "/en/search?q=shusha")
        self.assertEqual(status, 200)
        self.assertIn('data-index="/en/search-index.json"', body.decode())
        self.assertIn('src="/assets/static-search.js"', body.decode())
        status, _, raw = fetch(self.nginx.base + "/az/search-index.json")
        index = json.loads(raw)
        self.assertEqual(index["lang"], "az")
        # Folded as the server folds: "Qarabağ" is found as "qarabag".
        self.assertIn("qarabag", index["terms"])  # Qarabağ
        self.assertNotIn("qarabağ", index["terms"])
        first = index["docs"][index["terms"]["qarabag"][0]]
        self.assertTrue(first[0].startswith("/az/articles/"))

    def test_5_incremental_run_touches_only_the_pages_an_edit_shows_on(self):
        manifest = self.manifest()
        # A page of another section than the edited piece's does not show it.
        sections = os.path.join(self.out, "ru/sections")
        other = sorted(n for n in os.listdir(sections)
                       if n != "analysis" and os.path.exists(os.path.join(sections, n, "page/2.html")))[0]
        untouched = os.path.join(sections, other, "page/2.html")
        before = os.stat(untouched)
        edited = os.path.join(self.out, "en/articles/new-name.html")
        import_lines(self.site, [piece("new-name", "Renamed piece, updated", "tg-renamed")])
        done = self.export()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("incremental", done.stdout)
        rendered = int(re.search(r"(\d+) rendered", done.stdout).group(1))
        self.assertLess(rendered, len(manifest["pages"]) / 10, done.stdout)
        with open(edited, encoding="utf-8") as f:
            self.assertIn("Renamed piece, updated", f.read())
        self.assertEqual(os.stat(untouched).st_ino, before.st_ino)  # the same file, not rewritten
        after = self.manifest()
        self.assertGreater(after["position"], manifest["position"])
        # Nginx serves the new tree at once (the folder was swapped, not rewritten in place).
        status, _, body = fetch(self.nginx.base + "/en/articles/new-name")
        self.assertIn("Renamed piece, updated", body.decode())

        # A piece renamed: its old page disappears, the maps name it.
        import_lines(self.site, [piece("newest-name", "Renamed piece, updated", "tg-renamed")])
        done = self.export()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertRegex(done.stdout, r"[1-9]\d* removed")
        self.assertFalse(os.path.exists(os.path.join(self.out, "en/articles/new-name.html")))
        self.assertTrue(os.path.exists(os.path.join(self.out, "en/articles/newest-name.html")))
        self.nginx.reload()
        status, headers, _ = fetch(self.nginx.base + "/en/articles/new-name")
        self.assertEqual(status, 301)
        self.assertTrue(headers["location"].endswith("/en/articles/newest-name"))

        # Nothing changed: nothing rendered, nothing written ("OUT/" is the same folder).
        done = run_qalam("export-static", "--site", self.site.dir, "--out", self.out + "/", "--base-url",
                         self.base_url, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn(" 0 rendered, 0 files written", done.stdout)
        self.assertEqual([n for n in os.listdir(self.out) if ".qalam-new-" in n], [])
        # A page that changes with time (the news sitemap keeps 48 hours) is rendered
        # again once its time is up, with nothing written to the database.
        manifest = self.manifest()
        self.assertGreater(manifest["pages"]["/sitemaps/news.xml"]["expires"], time.time())
        manifest["pages"]["/sitemaps/news.xml"]["expires"] = 1
        with open(os.path.join(self.out, ".qalam-export.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f)
        done = self.export()
        self.assertIn(" 1 rendered,", done.stdout)

    def test_6_a_run_killed_half_way_leaves_the_export_as_it_was(self):
        with open(os.path.join(self.out, ".qalam-export.json"), "rb") as f:
            manifest = f.read()
        proc = subprocess.Popen([QALAM, "export-static", "--site", self.site.dir, "--out", self.out, "--base-url",
                                 self.base_url, "--full", "--jobs", "1"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        # Killed once it writes its new tree (the sanitizer build, on a busy machine,
        # takes more than a second to get there).
        parent = os.path.dirname(self.out)
        deadline = time.time() + 60
        while not any(".qalam-new-" in n for n in os.listdir(parent)) and time.time() < deadline and proc.poll() is None:
            time.sleep(0.05)
        time.sleep(0.3)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        self.assertEqual(proc.returncode, -signal.SIGKILL, "the run ended before it could be killed half-way")
        with open(os.path.join(self.out, ".qalam-export.json"), "rb") as f:
            self.assertEqual(f.read(), manifest)
        self.assertEqual(fetch(self.nginx.base + "/en/")[0], 200)
        self.assertTrue(any(".qalam-new-" in n for n in os.listdir(parent)), os.listdir(parent))
        # While one run holds OUT, a second one is refused and changes nothing.
        holder = subprocess.Popen([QALAM, "export-static", "--site", self.site.dir, "--out", self.out, "--base-url",
                                   self.base_url, "--full", "--jobs", "1"], stdout=subprocess.DEVNULL,
                                  stderr=subprocess.DEVNULL)
        try:
            # It holds OUT once it writes a new tree of its own.
            left = {n for n in os.listdir(parent) if ".qalam-new-" in n}
            deadline = time.time() + 60
            while time.time() < deadline and holder.poll() is None and \
                    not ({n for n in os.listdir(parent) if ".qalam-new-" in n} - left):
                time.sleep(0.05)
            second = self.export()
            self.assertEqual(second.returncode, 1, second.stderr)
            self.assertIn("another qalam export-static is writing", second.stderr)
        finally:
            holder.send_signal(signal.SIGKILL)
            holder.wait()
        # The next run clears what the killed ones left.
        done = self.export()
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertEqual([n for n in os.listdir(parent) if ".qalam-new-" in n], [])

    def test_7_bad_input_is_refused_and_changes_nothing(self):
        stranger = tempfile.mkdtemp(prefix="qalam_not_export_")
        try:
            with open(os.path.join(stranger, "keep.txt"), "w") as f:
                f.write("mine")
            done = run_qalam("export-static", "--site", self.site.dir, "--out", stranger, "--base-url", self.base_url)
            self.assertEqual(done.returncode, 2)
            self.assertIn("not a static export of qalam", done.stderr)
            self.assertEqual(os.listdir(stranger), ["keep.txt"])
        finally:
            shutil.rmtree(stranger)
        for args, words in ((["--jobs", "0"], "--jobs"), (["--base-url", "news.example"], "http://")):
            done = run_qalam("export-static", "--site", self.site.dir, "--out", self.out, *args)
            self.assertEqual(done.returncode, 2, done.stderr)
            self.assertIn(words, done.stderr)
        # No address at all: site.url unset and no --base-url.
        self.site.edit_config({"site.url": '""'})
        try:
            done = run_qalam("export-static", "--site", self.site.dir, "--out", self.out)
            self.assertEqual(done.returncode, 2)
            self.assertIn("--base-url", done.stderr)
        finally:
            self.site.edit_config({"site.url": '"http://127.0.0.1:8080"'})
        # A damaged manifest: refused, named, the export kept.
        path = os.path.join(self.out, ".qalam-export.json")
        with open(path, "rb") as f:
            good = f.read()
        with open(path, "wb") as f:
            f.write(b"{")
        try:
            done = self.export()
            self.assertEqual(done.returncode, 2)
            self.assertIn(".qalam-export.json", done.stderr)
        finally:
            with open(path, "wb") as f:
                f.write(good)


if __name__ == "__main__":
    unittest.main()
