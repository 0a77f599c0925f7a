"""`qalam backup` while the site serves and writes, `qalam restore` into an empty site:
the restored site serves the same pages, holds the same records and the same media
bytes; a damaged backup is refused whole and leaves nothing behind."""
import filecmp
import gzip
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import threading
import unittest

from harness import Server, Site, run_qalam

PAGES = ["/en/", "/az/", "/ru/", "/en/sections/analysis", "/sitemap.xml", "/en/feed.xml"]


def dump(db_path, table, order):
    with sqlite3.connect(db_path) as db:
        return db.execute(f"SELECT * FROM {table} ORDER BY {order}").fetchall()


class BackupWhileServing(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="qalam_backup_")
        cls.site = Site(demo=True)
        cls.server = Server(cls.site)
        cls.backup = os.path.join(cls.tmp, "site.tar.gz")
        cls.probe = os.path.join(cls.tmp, "probe.jsonl")
        # While the backup runs: readers on the public site, and a writer importing
        # again and again (a tag no piece carries, so pages stay the same).
        stop = threading.Event()
        errors = []

        def read():
            while not stop.is_set():
                for path in PAGES:
                    status, _, _ = cls.server.get(path)
                    if status != 200:
                        errors.append((path, status))

        def write():
            n = 0
            while not stop.is_set():
                n += 1
                with open(cls.probe, "w") as f:
                    f.write(json.dumps({"type": "tag", "slug": "backup-probe", "name": {"en": f"Probe {n}"}}) + "\n")
                done = run_qalam("import", "--site", cls.site.dir, cls.probe)
                if done.returncode != 0:
                    errors.append(("import", done.stderr))
        threads = [threading.Thread(target=read), threading.Thread(target=write)]
        for t in threads:
            t.start()
        cls.done = run_qalam("backup", "--site", cls.site.dir, cls.backup, timeout=120)
        stop.set()
        for t in threads:
            t.join()
        cls.errors = errors
        cls.restored = os.path.join(cls.tmp, "restored")
        cls.restore = run_qalam("restore", "--site", cls.restored, cls.backup, timeout=120)

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.site.cleanup()
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def test_backup_and_restore_succeed_while_the_site_works(self):
        self.assertEqual(self.done.returncode, 0, self.done.stderr)
        self.assertIn("backed up", self.done.stdout)
        self.assertEqual(self.errors, [])
        self.assertEqual(self.restore.returncode, 0, self.restore.stderr)

    def test_the_file_is_a_tar_that_tar_reads(self):
        listing = subprocess.run(["tar", "-tzf", self.backup], capture_output=True, text=True, check=True).stdout.split()
        self.assertEqual(listing[0], "qalam.db")
        self.assertEqual(listing[-1], "qalam-backup.json")
        self.assertIn("qalam.toml", listing)
        self.assertTrue(any(name.startswith("media/") for name in listing))

    def test_the_restored_site_holds_the_same_records_and_media(self):
        original = os.path.join(self.site.dir, "qalam.db")
        restored = os.path.join(self.restored, "qalam.db")
        with sqlite3.connect(restored) as db:
            self.assertEqual(db.execute("PRAGMA integrity_check").fetchone()[0], "ok")
        for table, order in (("articles", "id"), ("authors", "id"), ("sections", "id"), ("media", "id"),
                             ("site_settings", "key")):
            self.assertEqual(dump(original, table, order), dump(restored, table, order), table)
        media_a, media_b = os.path.join(self.site.dir, "media"), os.path.join(self.restored, "media")
        names = sorted(os.listdir(media_a))
        self.assertEqual(names, sorted(os.listdir(media_b)))
        match, mismatch, errors = filecmp.cmpfiles(media_a, media_b, names, shallow=False)
        self.assertEqual((mismatch, errors), ([], []))

    def test_the_restored_site_serves_the_same_pages(self):
        site = Site.__new__(Site)
        site.dir = self.restored
        server = Server(site)
        try:
            for path in PAGES + ["/en/articles/" + dump(os.path.join(self.restored, "qalam.db"), "articles", "id")[0][3]]:
                a = self.server.get(path)
                b = server.get(path)
                self.assertEqual(a[0], 200, path)
                self.assertEqual(b[0], 200, path)
                self.assertEqual(a[2], b[2], path)
        finally:
            server.stop()


class DamagedBackups(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="qalam_backup_")
        self.site = Site(demo=True)
        self.backup = os.path.join(self.tmp, "site.tar.gz")
        done = run_qalam("backup", "--site", self.site.dir, self.backup)
        self.assertEqual(done.returncode, 0, done.stderr)

    def tearDown(self):
        self.site.cleanup()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def restore(self, file):
        target = os.path.join(self.tmp, "restored")
        done = run_qalam("restore", "--site", target, file)
        return done, target

    def test_a_changed_byte_a_cut_file_and_an_added_entry_are_refused(self):
        with gzip.open(self.backup, "rb") as f:
            tar = f.read()
        variants = {
            "flipped": tar[:700] + bytes([tar[700] ^ 1]) + tar[701:],
            "cut": tar[: len(tar) // 3],
        }
        for name, data in variants.items():
            path = os.path.join(self.tmp, name + ".tar.gz")
            with gzip.open(path, "wb") as f:
                f.write(data)
            done, target = self.restore(path)
            self.assertEqual(done.returncode, 2, name)
            self.assertIn("damaged", done.stderr, name)
            self.assertIn("nothing was restored", done.stderr, name)
            self.assertFalse(os.path.exists(target), name)
            self.assertEqual([n for n in os.listdir(self.tmp) if n.startswith(".qalam-restore")], [], name)
        # An entry added with GNU tar after the fact: not in the manifest.
        extracted = os.path.join(self.tmp, "x")
        os.makedirs(extracted)
        subprocess.run(["tar", "-xzf", self.backup, "-C", extracted], check=True)
        with open(os.path.join(extracted, "media", "extra.jpg"), "wb") as f:
            f.write(b"x")
        names = subprocess.run(["tar", "-tzf", self.backup], capture_output=True, text=True, check=True).stdout.split()
        repacked = os.path.join(self.tmp, "repacked.tar.gz")
        subprocess.run(["tar", "--format=ustar", "-czf", repacked, "-C", extracted, *names[:-1], "media/extra.jpg",
                        names[-1]], check=True)
        done, target = self.restore(repacked)
        self.assertEqual(done.returncode, 2)
        self.assertIn("holds entries its manifest does not list", done.stderr)

    def test_restore_goes_only_into_an_empty_site(self):
        done = run_qalam("restore", "--site", self.site.dir, self.backup)
        self.assertEqual(done.returncode, 2)
        self.assertIn("is not empty", done.stderr)
        done = run_qalam("backup", "--site", self.site.dir, self.backup)
        self.assertEqual(done.returncode, 2)
        self.assertIn("exists already", done.stderr)


if __name__ == "__main__":
    unittest.main()
