"""`qalam copy` (issue #14): a site's whole database from SQLite into an empty
PostgreSQL database and back. The site serves the same pages from either, and the
round trip SQLite → PostgreSQL → SQLite gives the same export, byte for byte. A target
that holds a site is refused and left as it was. Runs where the tests' PostgreSQL server
is (QALAM_TEST_BACKEND=postgres)."""
import os
import shutil
import tempfile
import unittest

from harness import BACKEND, Server, Site, call, new_postgres_database, run_qalam, drop_postgres_database


@unittest.skipUnless(BACKEND == "postgres", "needs the tests' PostgreSQL server (QALAM_TEST_BACKEND=postgres)")
class CopyBetweenBackends(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        # The sites of this test start on SQLite.
        cls.site = Site(demo=True, backend="sqlite")
        cls.back = Site(demo=False, backend="sqlite")
        cls.url = new_postgres_database()

    @classmethod
    def tearDownClass(cls):
        cls.site.cleanup()
        cls.back.cleanup()
        drop_postgres_database(cls.url)

    def pages(self, env):
        server = Server(self.site, env=env, name="copy-" + str(len(env)))
        try:
            out = {}
            media = sorted(os.listdir(os.path.join(self.site.dir, "media")))
            self.assertGreater(len(media), 8)
            for path in ["/en/", "/az/", "/ru/", "/en/feed.xml", "/sitemap.xml", "/sitemaps/articles-1.xml",
                         "/en/authors/vasif-huseynov", "/az/sections/analysis"] + ["/media/" + m for m in media]:
                status, _, body = call(server, "GET", path)
                out[path] = (status, body.replace(str(server.port).encode(), b"PORT"))
            return out
        finally:
            server.stop()

    def test_a_site_copied_into_postgresql_and_back_is_the_same_site(self):
        done = run_qalam("copy", "--site", self.site.dir, "--to", self.url, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("Copied", done.stdout)
        # The same folder served from PostgreSQL gives the same pages, and the same
        # images (from the database: the site's media folder is not read).
        on_sqlite = self.pages({})
        on_postgres = self.pages({"QALAM_DATABASE_URL": self.url})
        for path, (status, body) in on_sqlite.items():
            self.assertEqual(status, 200, path)
            self.assertEqual(on_postgres[path], (status, body), path)

        # A second copy into the same database is refused, and nothing is written.
        before = run_qalam("copy", "--site", self.site.dir, "--to", self.url, timeout=300)
        self.assertEqual(before.returncode, 2, before.stderr)
        self.assertIn("holds a site already", before.stderr)

        # Out of PostgreSQL into a site that holds content: refused too.
        done = run_qalam("copy", "--site", self.site.dir, "--from", self.url, timeout=300)
        self.assertEqual(done.returncode, 2, done.stderr)
        self.assertIn("holds a site already", done.stderr)

        # Back into a new site's SQLite file; then both export the same file.
        done = run_qalam("copy", "--site", self.back.dir, "--from", self.url, timeout=300)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("media files", done.stdout)
        # The images came back into the new site's media folder, byte for byte.
        for name in os.listdir(os.path.join(self.site.dir, "media")):
            with open(os.path.join(self.site.dir, "media", name), "rb") as a, \
                    open(os.path.join(self.back.dir, "media", name), "rb") as b:
                self.assertEqual(a.read(), b.read(), name)
        out = tempfile.mkdtemp(prefix="qalam_copy_")
        try:
            exports = []
            for site in (self.site, self.back):
                file = os.path.join(out, os.path.basename(site.dir) + ".jsonl")
                done = run_qalam("export", "--site", site.dir, "-o", file, timeout=300)
                self.assertEqual(done.returncode, 0, done.stderr)
                with open(file, "rb") as f:
                    exports.append(f.read())
            self.assertGreater(len(exports[0]), 10000)
            self.assertEqual(exports[0], exports[1])
            self.assertEqual(len(self.back.query_sql("SELECT name FROM media_files")), 0)
        finally:
            shutil.rmtree(out, ignore_errors=True)

    def test_a_wrong_target_is_a_clear_error(self):
        done = run_qalam("copy", "--site", self.site.dir, "--to", "mysql://x/y")
        self.assertEqual(done.returncode, 2)
        self.assertIn("not a PostgreSQL database", done.stderr)
        done = run_qalam("copy", "--site", self.site.dir, "--to", "postgresql://qalam:secret@127.0.0.1:1/x")
        self.assertEqual(done.returncode, 1)
        self.assertNotIn("secret", done.stderr)


if __name__ == "__main__":
    unittest.main()
