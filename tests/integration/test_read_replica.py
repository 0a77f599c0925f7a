"""Public reads from a streaming replica ([database] read_url, issue #14): public pages
and search read there, the newsroom and the APIs from the primary, so an editor sees
their save at once while readers see it when the replica has it, and a page cached in
between is evicted again when the replica's change log names it. A replica that cannot
be reached stops the start; one that goes away later makes /readyz say so (this test
stops it last). The test
runs its own PostgreSQL server with a replica (tests/support/pg_server replica)."""
import json
import subprocess
import time
import unittest

from harness import BACKEND, PostgresServer, Server, Site, add_user, call, create_token, run_qalam


def sql(url, statement):
    done = subprocess.run(["psql", url, "-Atv", "ON_ERROR_STOP=1", "-c", statement], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


@unittest.skipUnless(BACKEND == "postgres", "a PostgreSQL site's replica (QALAM_TEST_BACKEND=postgres)")
class ReadReplica(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pg = PostgresServer()
        cls.pg.add_replica()
        primary = cls.pg.new_database()
        cls.site = Site(demo=True, database_url=primary)
        cls.replica = cls.pg.on_replica(primary)
        cls.site.edit_config({"database.read_url": json.dumps(cls.replica)})
        add_user(cls.site, "editor@example.org", "editor")
        cls.token = create_token(cls.site, "editor@example.org")
        cls.node = Server(cls.site)

    @classmethod
    def tearDownClass(cls):
        cls.node.stop()
        cls.site.cleanup()
        cls.pg.stop()

    def wait_for(self, predicate, seconds):
        deadline = time.time() + seconds
        while time.time() < deadline:
            if predicate():
                return True
            time.sleep(0.1)
        return predicate()

    def test_readers_see_an_edit_once_the_replica_has_it_and_the_editor_at_once(self):
        status, _, raw = call(self.node, "GET", "/api/v1/admin/articles?status=published&lang=en&limit=1",
                              token=self.token)
        self.assertEqual(status, 200, raw[:300])
        piece = json.loads(raw)["items"][0]
        path = f"/en/articles/{piece['slug']}"
        self.assertEqual(call(self.node, "GET", path)[0], 200)
        # The replica stops applying the primary's changes.
        sql(self.replica, "SELECT pg_wal_replay_pause()")
        self.assertTrue(self.wait_for(lambda: sql(self.replica, "SELECT pg_get_wal_replay_pause_state()") == "paused", 10))
        try:
            word = "".join(chr(ord("a") + int(d)) for d in str(time.time_ns()))  # one word to search for
            title = "Edited while the replica waits " + word
            status, _, raw = call(self.node, "PATCH", f"/api/v1/admin/articles/{piece['id']}",
                                  {"version": piece["version"], "title": title}, token=self.token)
            self.assertEqual(status, 200, raw[:300])
            # The editor's API reads the primary: the edit is there at once.
            status, _, raw = call(self.node, "GET", f"/api/v1/admin/articles/{piece['id']}", token=self.token)
            self.assertEqual(json.loads(raw)["title"], title)
            # Readers read the replica: the page (evicted by the write, rendered again)
            # is the old one, and stays so while the replica is behind.
            time.sleep(1.2)
            status, _, body = call(self.node, "GET", path)
            self.assertEqual(status, 200)
            self.assertNotIn(title.encode(), body)
            self.assertEqual(call(self.node, "GET", path)[1].get("x-cache"), "hit")
        finally:
            sql(self.replica, "SELECT pg_wal_replay_resume()")
        # Once the replica applies the write, its change log evicts the page cached in
        # between, and readers see the edit.
        self.assertTrue(self.wait_for(lambda: title.encode() in call(self.node, "GET", path)[2], 5),
                        "the page still shows the old title after the replica caught up")
        status, _, body = call(self.node, "GET", "/en/search?q=" + word)
        self.assertEqual(status, 200)
        self.assertIn(piece["slug"].encode(), body)

        # The replica goes away: the node says it is not ready (the load balancer takes
        # it out), and the newsroom's API, on the primary, still answers.
        self.assertEqual(call(self.node, "GET", "/readyz")[0], 200)
        self.pg.stop_replica()
        status, _, body = call(self.node, "GET", "/readyz")
        self.assertEqual(status, 503)
        self.assertIn(b"the replica", body)
        status, _, raw = call(self.node, "GET", f"/api/v1/admin/articles/{piece['id']}", token=self.token)
        self.assertEqual(status, 200, raw[:300])
        self.assertEqual(self.node.proc.poll(), None)

    def test_a_replica_that_cannot_be_reached_stops_the_start(self):
        other = Site(demo=False, database_url=self.pg.new_database("unreached"))
        try:
            other.edit_config({"database.read_url": json.dumps("postgresql://qalam@127.0.0.1:1/nothing")})
            done = run_qalam("serve", "--site", other.dir, "--listen", "127.0.0.1:0", timeout=30)
            self.assertEqual(done.returncode, 1, done.stderr)
            self.assertIn("[database] read_url", done.stderr)
            self.assertIn("127.0.0.1:1", done.stderr)
        finally:
            other.cleanup()


class ReadReplicaConfiguration(unittest.TestCase):
    def test_a_replica_without_a_primary_is_refused(self):
        site = Site(demo=False, backend="sqlite")
        try:
            site.edit_config({"database.read_url": json.dumps("postgresql://qalam@127.0.0.1:5432/qalam")})
            done = run_qalam("serve", "--site", site.dir, "--listen", "127.0.0.1:0", timeout=30)
            self.assertNotEqual(done.returncode, 0)
            self.assertIn("database.read_url needs [database] url", done.stderr)
        finally:
            site.cleanup()


if __name__ == "__main__":
    unittest.main()
