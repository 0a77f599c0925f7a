"""Crash tests (bounded): kill -9 of a serving node while a client records every
write the Admin API acknowledged, and of `qalam import` part-way through. After a
restart the database is intact and every acknowledged write is there; an import is
all there or not at all."""
import json
import os
import signal
import sqlite3
import subprocess
import threading
import time
import unittest

from harness import QALAM, Server, Site, add_user, call, create_token, run_qalam


def integrity(site):
    with sqlite3.connect(f"file:{os.path.join(site.dir, 'qalam.db')}?mode=ro", uri=True) as db:
        return db.execute("PRAGMA integrity_check").fetchone()[0]


class KillNine(unittest.TestCase):
    def test_every_acknowledged_write_survives_a_kill_of_the_server(self):
        site = Site(demo=False)
        add_user(site, "editor@example.org", "editor")
        token = create_token(site, "editor@example.org")
        server = Server(site)
        acknowledged, stop = [], threading.Event()

        def writer(n):
            i = 0
            while not stop.is_set():
                i += 1
                try:
                    status, _, raw = call(server, "POST", "/api/v1/admin/articles",
                                          {"lang": "en", "title": f"Crash {n}-{i}", "body": "Text " * 50}, token=token)
                except OSError:
                    return
                if status == 201:
                    acknowledged.append(json.loads(raw)["id"])

        threads = [threading.Thread(target=writer, args=(n,)) for n in range(3)]
        try:
            for t in threads:
                t.start()
            time.sleep(2.0)
            server.proc.send_signal(signal.SIGKILL)
            server.proc.wait(10)
            stop.set()
            for t in threads:
                t.join(30)
            self.assertGreater(len(acknowledged), 10)
            self.assertEqual(integrity(site), "ok")
            again = Server(site)
            try:
                missing = [i for i in acknowledged
                           if call(again, "GET", f"/api/v1/admin/articles/{i}", token=token)[0] != 200]
                self.assertEqual(missing, [], f"{len(missing)} of {len(acknowledged)} acknowledged writes are gone")
            finally:
                again.stop()
        finally:
            stop.set()
            server.stop()
            site.cleanup()

    def test_a_killed_import_leaves_all_or_nothing(self):
        site = Site(demo=False)
        corpus = os.path.join(site.dir, "corpus.jsonl")
        done = run_qalam("generate", "--articles", "3000", "--seed", "3", "-o", corpus)
        self.assertEqual(done.returncode, 0, done.stderr)
        with open(corpus, encoding="utf-8") as f:
            records = sum(1 for line in f if line.strip())
        try:
            for delay in (0.4, 0.8, 1.2):  # during parsing, and during the write (1.4 s in all here)
                proc = subprocess.Popen([QALAM, "import", "--site", site.dir, corpus],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                time.sleep(delay)
                proc.send_signal(signal.SIGKILL)
                proc.wait(10)
                self.assertEqual(integrity(site), "ok")
                with sqlite3.connect(os.path.join(site.dir, "qalam.db")) as db:
                    articles = db.execute("SELECT count(*) FROM articles").fetchone()[0]
                self.assertIn(articles, (0, 3000), f"a killed import left {articles} of 3000 articles")
            # And the site still imports and serves.
            done = run_qalam("import", "--site", site.dir, corpus, timeout=300)
            self.assertEqual(done.returncode, 0, done.stderr)
            server = Server(site)
            try:
                self.assertEqual(server.get("/healthz")[0], 200)
                self.assertEqual(call(server, "GET", "/en/")[0], 200)
            finally:
                server.stop()
            self.assertGreater(records, 3000)
        finally:
            site.cleanup()


if __name__ == "__main__":
    unittest.main()
