"""Nodes on a PostgreSQL database that goes away (issue #14): while it is down, a node
serves the pages it holds in cache and answers 503 (never 500, never a crash) on the
rest; /readyz says 503. When it comes back, every node serves and writes again by
itself, without a restart, also when it was restarted under load. The test runs its own
PostgreSQL server: the shared one must never stop under the other tests."""
import threading
import time
import unittest

from harness import BACKEND, PostgresServer, Server, Site, add_user, call, create_token


@unittest.skipUnless(BACKEND == "postgres", "the nodes of a PostgreSQL site (QALAM_TEST_BACKEND=postgres)")
class DatabaseGoesAway(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.pg = PostgresServer()
        cls.site = Site(demo=True, database_url=cls.pg.new_database())
        add_user(cls.site, "editor@example.org", "editor")
        cls.token = create_token(cls.site, "editor@example.org")
        cls.nodes = [Server(cls.site, name=f"node{i}") for i in range(2)]

    @classmethod
    def tearDownClass(cls):
        for node in cls.nodes:
            node.stop()
        cls.site.cleanup()
        cls.pg.stop()

    def write(self, node):
        status, _, raw = call(node, "POST", "/api/v1/admin/articles",
                              {"lang": "en", "title": "Written after " + str(time.time_ns()), "lead": "L",
                               "body": "B", "section": "analysis"}, token=self.token)
        return status, raw

    def wait_recovered(self, node, within=15):
        """Until the node reads and writes again: the seconds it took."""
        started = time.time()
        while time.time() - started < within:
            if call(node, "GET", "/readyz")[0] == 200 and self.write(node)[0] == 201:
                return time.time() - started
            time.sleep(0.2)
        self.fail(f"{node.name} did not recover within {within} s")

    def test_pages_in_cache_are_served_the_rest_is_503_and_every_node_recovers(self):
        a, b = self.nodes
        cached = "/en/"
        for _ in range(2):
            self.assertEqual(call(a, "GET", cached)[0], 200)
        self.assertEqual(call(a, "GET", cached)[1].get("x-cache"), "hit")

        self.pg.pause()
        try:
            status, headers, _ = call(a, "GET", cached)
            self.assertEqual((status, headers.get("x-cache")), (200, "hit"))
            for node in self.nodes:
                self.assertEqual(call(node, "GET", "/readyz")[0], 503)
                status, _, body = call(node, "GET", "/en/search?q=never-cached-" + str(time.time_ns()))
                self.assertEqual(status, 503, body[:300])
                status, raw = self.write(node)
                self.assertEqual(status, 503, raw[:300])
        finally:
            self.pg.resume()
        for node in self.nodes:
            self.wait_recovered(node)
            self.assertIsNone(node.proc.poll(), f"{node.name} exited")

    def test_a_restart_under_load_is_survived_by_every_node(self):
        statuses = {}
        stop = threading.Event()

        def load(node):
            i = 0
            while not stop.is_set():
                i += 1
                # Uncached (a new query every time) and cached pages, half and half.
                path = "/en/search?q=caspian+" + str(i) if i % 2 else "/en/"
                try:
                    status = call(node, "GET", path)[0]
                except OSError:
                    status = "connection error"
                statuses[status] = statuses.get(status, 0) + 1

        threads = [threading.Thread(target=load, args=(node,)) for node in self.nodes for _ in range(2)]
        for t in threads:
            t.start()
        try:
            time.sleep(1)
            self.pg.pause()
            time.sleep(1)
            self.pg.resume()
            for node in self.nodes:
                self.wait_recovered(node)
            time.sleep(1)
        finally:
            stop.set()
            for t in threads:
                t.join()
        # Only answers a reader can act on: pages, and 503 while the database was away.
        self.assertEqual(set(statuses) - {200, 503}, set(), statuses)
        self.assertGreater(statuses.get(200, 0), 20, statuses)
        for node in self.nodes:
            self.assertIsNone(node.proc.poll(), f"{node.name} exited")
            status, _, raw = call(node, "GET", "/en/search?q=after+" + str(time.time_ns()))
            self.assertEqual(status, 200, raw[:300])


if __name__ == "__main__":
    unittest.main()
