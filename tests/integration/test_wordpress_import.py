"""`qalam import --from wordpress`: the real binary imports WordPress exports into a
site, and the served site answers every old address of the imported posts with a 301
to a page that shows the post. Bad files fail with FILE:LINE and change nothing; an
import killed at any point continues with --resume, without duplicates."""
import html
import re
import os
import random
import signal
import sqlite3
import subprocess
import tempfile
import time
import unittest
import xml.etree.ElementTree as ET

from harness import QALAM, Server, Site, run_qalam
import wxr_corpus

SHARED = os.environ.get("QALAM_SHARED_DIR", os.path.join(os.path.dirname(__file__), "../../../shared"))
WXR = os.path.join(SHARED, "testdata", "wxr")


def require(name):
    path = os.path.join(WXR, name)
    if not os.path.exists(path):
        raise unittest.SkipTest(f"absent: {path} (../shared/testdata/wxr; set QALAM_SHARED_DIR)")
    return path


def count(site, sql):
    with sqlite3.connect(os.path.join(site.dir, "qalam.db")) as db:
        return db.execute(sql).fetchone()[0]


def path_of(url):
    """The path of an absolute URL, or the URL when it is a path already."""
    if "://" not in url:
        return url
    rest = url.split("://", 1)[1]
    return "/" + rest.split("/", 1)[1] if "/" in rest else "/"


class ThemeUnitTestImport(unittest.TestCase):
    """WordPress's Theme Unit Test data, imported and served."""

    @classmethod
    def setUpClass(cls):
        cls.file = require("theme-unit-test-data.xml")
        cls.site = Site(demo=False)
        cls.done = run_qalam("import", "--site", cls.site.dir, "--from", "wordpress", cls.file)
        cls.server = Server(cls.site)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.site.cleanup()

    def follow(self, path):
        """GET path; a 301 is followed once. Returns (status of path, final status, final body)."""
        status, headers, body = self.server.get(path)
        if status != 301:
            return status, status, body
        location = headers["location"]
        self.assertTrue(location.startswith("/") or location.startswith("http://127.0.0.1"), location)
        final, _, page = self.server.get(path_of(location))
        return status, final, page

    def test_import_reports_its_counts(self):
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        out = self.done.stdout
        self.assertIn("imported 186 items", out)
        self.assertRegex(out, r"\b55  articles \(published\)")
        self.assertRegex(out, r"\b1  articles \(scheduled\)")
        self.assertRegex(out, r"\b21  pages \(Qalam has no place for them")
        self.assertIn("theme-unit-test-data.xml:", out)  # warnings name FILE:LINE
        self.assertIn("importing: 186/186 items (100%)", self.done.stderr)
        self.assertEqual(count(self.site, "SELECT count(*) FROM articles"), 58)

    def test_every_old_post_address_leads_to_the_post(self):
        tree = ET.parse(self.file)
        checked = 0
        for item in tree.getroot().iter("item"):
            kind = item.findtext("{https://wordpress.org/export/1.2/}post_type")
            status = item.findtext("{https://wordpress.org/export/1.2/}status")
            password = item.findtext("{https://wordpress.org/export/1.2/}post_password") or ""
            if kind != "post" or status != "publish" or password:
                continue
            title = re.sub(r"<[^>]+>", "", html.unescape(item.findtext("title") or "")).strip()
            post_id = item.findtext("{https://wordpress.org/export/1.2/}post_id")
            for old in (path_of(item.findtext("link")), f"/?p={post_id}"):
                first, final, page = self.follow(old)
                self.assertEqual(first, 301, old)
                self.assertEqual(final, 200, old)
                text = html.unescape(page.decode())
                if title:
                    self.assertIn(title, text, old)
                checked += 1
        self.assertEqual(checked, 2 * 55)

    def test_old_archive_addresses_lead_to_sections_tags_authors_and_feeds(self):
        for old, new_prefix in (("/category/classic/", "/en/sections/classic"),
                                ("/category/parent/", "/en/tags/parent"),
                                ("/category/parent/child-1/", "/en/tags/child-1"),
                                ("/tag/8bit/", "/en/tags/8bit"),
                                ("/author/themedemos/", "/en/authors/themedemos"),
                                ("/tag/8bit/feed/", "/en/tags/8bit/feed.xml"),
                                ("/feed/", "/en/feed.xml")):
            status, headers, _ = self.server.get(old)
            self.assertEqual(status, 301, old)
            self.assertEqual(path_of(headers["location"]), new_prefix, old)
            final, _, _ = self.server.get(new_prefix)
            self.assertEqual(final, 200, new_prefix)
        status, _, _ = self.server.get("/no-such-old-page/")
        self.assertEqual(status, 404)

    def test_root_still_chooses_a_language(self):
        status, headers, _ = self.server.get("/")
        self.assertEqual(status, 302)
        status, headers, _ = self.server.get("/?p=999999")
        self.assertEqual(status, 302)


class BadWordPressFiles(unittest.TestCase):
    def setUp(self):
        self.site = Site(demo=False)

    def tearDown(self):
        self.site.cleanup()

    def test_malformed_files_fail_with_file_and_line_and_change_nothing(self):
        for name, expected in (("malformed.xml", "malformed.xml:"),
                               ("malformed-simple.xml", "the file ends before <item> opened on line 9"),
                               ("crazy-cdata.xml", "crazy-cdata.xml:18: not well-formed XML"),
                               ("missing-version-tag.xml", "not a WordPress export (WXR)")):
            done = run_qalam("import", "--site", self.site.dir, "--from", "wordpress", require(name))
            self.assertEqual(done.returncode, 2, name)
            self.assertIn(expected, done.stderr, name)
            self.assertEqual(count(self.site, "SELECT count(*) FROM articles"), 0)
            self.assertEqual(count(self.site, "SELECT count(*) FROM legacy_paths"), 0)

    def test_a_jsonl_file_given_as_wordpress_is_refused(self):
        path = os.path.join(self.site.dir, "x.jsonl")
        with open(path, "w") as f:
            f.write('{"type":"tag","name":{"en":"x"}}\n')
        done = run_qalam("import", "--site", self.site.dir, "--from", "wordpress", path)
        self.assertEqual(done.returncode, 2)
        self.assertIn("x.jsonl:1: not well-formed XML", done.stderr)
        done = run_qalam("import", "--site", self.site.dir, "--from", "wordpress", "--lang", "de", path)
        self.assertEqual(done.returncode, 2)
        self.assertIn("--lang: 'de' is not one of az, en, ru", done.stderr)


class GeneratedExport(unittest.TestCase):
    """A generated trilingual export with images: translations, media, and resume
    after kill -9."""

    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="qalam_wxr_")
        cls.uploads = os.path.join(cls.tmp, "uploads")
        cls.file = os.path.join(cls.tmp, "site.xml")
        with open(cls.file, "w", encoding="utf-8") as f:
            wxr_corpus.write(f, 1500, cls.uploads, images=6)

    @classmethod
    def tearDownClass(cls):
        import shutil
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_translations_images_and_links_come_across(self):
        site = Site(demo=False)
        try:
            done = run_qalam("import", "--site", site.dir, "--from", "wordpress", "--uploads", self.uploads, self.file,
                             timeout=300)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertRegex(done.stdout, r"\b6  images\b")
            self.assertEqual(count(site, "SELECT count(*) FROM articles"), 1500)
            self.assertEqual(count(site, "SELECT count(DISTINCT translation_group) FROM articles"), 500)
            self.assertEqual(count(site, "SELECT count(*) FROM media"), 6)
            self.assertEqual(count(site, "SELECT count(*) FROM articles WHERE image LIKE '/media/%'"), 3 * 167)
            self.assertEqual(count(site, "SELECT count(*) FROM articles WHERE body LIKE '%old.example.az%'"), 0)
            server = Server(site)
            try:
                status, headers, _ = server.get("/2010/01/03/ru-story-2/")
                self.assertEqual(status, 301)
                self.assertEqual(path_of(headers["location"]), "/ru/articles/ru-story-2")
                status, _, page = server.get("/az/articles/az-story-10")
                self.assertEqual(status, 200)
                text = page.decode()
                self.assertIn('hreflang="en"', text)
                self.assertIn("/en/articles/en-story-10", text)  # its translation
                self.assertIn('href="/az/articles/az-story-9"', text)  # the link to the previous story
                self.assertIn("/media/", text)
                status, _, _ = server.get("/wp-content/uploads/2020/01/photo-1.png")
                self.assertEqual(status, 301)
            finally:
                server.stop()
        finally:
            site.cleanup()

    def test_killed_imports_resume_without_duplicates_or_gaps(self):
        site = Site(demo=False)
        rng = random.Random(11)
        try:
            for trial in range(3):
                proc = subprocess.Popen([QALAM, "import", "--site", site.dir, "--from", "wordpress", "--resume",
                                         self.file], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(rng.uniform(0.2, 1.2))
                proc.send_signal(signal.SIGKILL)
                proc.wait()
            done = run_qalam("import", "--site", site.dir, "--from", "wordpress", "--resume", self.file, timeout=300)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertEqual(count(site, "SELECT count(*) FROM articles"), 1500)
            self.assertEqual(count(site, "SELECT count(*) FROM (SELECT lang, translation_group FROM articles"
                                         " GROUP BY 1, 2 HAVING count(*) > 1)"), 0)
            self.assertEqual(count(site, "SELECT count(*) FROM articles WHERE slug LIKE '%-story-%-2'"), 0)
            # Run again from the start: everything is updated in place.
            again = run_qalam("import", "--site", site.dir, "--from", "wordpress", self.file, timeout=300)
            self.assertEqual(again.returncode, 0, again.stderr)
            self.assertEqual(count(site, "SELECT count(*) FROM articles"), 1500)
        finally:
            site.cleanup()


if __name__ == "__main__":
    unittest.main()


class GhostImport(unittest.TestCase):
    """A Ghost 5 export (tests/fixtures/ghost-5-export.json), imported and served."""

    FIXTURE = os.path.join(os.path.dirname(__file__), "../fixtures/ghost-5-export.json")

    def test_ghost_posts_are_served_and_old_addresses_lead_to_them(self):
        site = Site(demo=False)
        try:
            done = run_qalam("import", "--site", site.dir, "--from", "ghost", self.FIXTURE)
            self.assertEqual(done.returncode, 0, done.stderr)
            self.assertRegex(done.stdout, r"\b2  articles \(published\)")
            server = Server(site)
            try:
                for old, new in (("/second-post/", "/en/articles/second-post"),
                                 ("/baki-and-the-caspian/", "/en/articles/baki-and-the-caspian"),
                                 ("/tag/caspian/", "/en/tags/caspian"),
                                 ("/author/tural/", "/en/authors/tural"),
                                 ("/rss/", "/en/feed.xml")):
                    status, headers, _ = server.get(old)
                    self.assertEqual(status, 301, old)
                    self.assertEqual(path_of(headers["location"]), new, old)
                status, _, page = server.get("/en/articles/baki-and-the-caspian")
                self.assertEqual(status, 200)
                text = html.unescape(page.decode())
                self.assertIn("Bakı & the Caspian", text)
                self.assertIn("Nigar Hasanova", text)
                status, _, _ = server.get("/en/articles/for-members")
                self.assertEqual(status, 404)  # paid content stays in the newsroom
            finally:
                server.stop()
        finally:
            site.cleanup()

    def test_a_broken_ghost_file_names_its_line(self):
        site = Site(demo=False)
        try:
            path = os.path.join(site.dir, "broken.json")
            with open(path, "w") as f:
                f.write('{"db": [\n{"data": {"posts": [ }\n]}')
            done = run_qalam("import", "--site", site.dir, "--from", "ghost", path)
            self.assertEqual(done.returncode, 2)
            self.assertIn("broken.json:2: not valid JSON", done.stderr)
            self.assertEqual(count(site, "SELECT count(*) FROM articles"), 0)
        finally:
            site.cleanup()
