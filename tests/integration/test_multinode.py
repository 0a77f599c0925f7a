"""Several `qalam serve` nodes on one PostgreSQL database (issue #14): what one node
writes, every other node's cache gives up within a second; a scheduled piece is
published once, by the node holding the scheduler's lease; a node killed while holding
it hands the work over. PostgreSQL only: the suite is skipped on SQLite, which one
process writes at a time."""
import json
import os
import signal
import time
import unittest

from harness import BACKEND, Server, Site, add_user, call, create_token, upload_image


@unittest.skipUnless(BACKEND == "postgres", "several nodes share a PostgreSQL database (QALAM_TEST_BACKEND=postgres)")
class SeveralNodes(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.site = Site(demo=True)
        cls.site.edit_config({"newsroom.scheduler_interval_ms": "300"})
        add_user(cls.site, "editor@example.org", "editor")
        cls.token = create_token(cls.site, "editor@example.org")
        cls.nodes = [Server(cls.site, name=f"node{i}") for i in range(3)]

    @classmethod
    def tearDownClass(cls):
        for node in cls.nodes:
            node.stop()
        cls.site.cleanup()

    def api(self, node, method, path, body=None):
        status, headers, raw = call(node, method, path, body, token=self.token)
        return status, json.loads(raw) if raw else None

    def live_nodes(self):
        return [n for n in self.nodes if n.proc.poll() is None]

    def test_an_edit_on_one_node_shows_on_the_others_cached_page_within_a_second(self):
        a, b = self.live_nodes()[:2]  # (the other test kills one)
        status, pieces = self.api(a, "GET", "/api/v1/admin/articles?status=published&lang=en&limit=1")
        self.assertEqual(status, 200, pieces)
        piece = pieces["items"][0]
        path = f"/en/articles/{piece['slug']}"
        # Node B holds the page (once earlier writes, which node B hears of within half
        # a second, have evicted what they touch).
        deadline = time.time() + 5
        while time.time() < deadline:
            status, headers, _ = call(b, "GET", path)
            self.assertEqual(status, 200)
            if headers.get("x-cache") == "hit":
                break
            time.sleep(0.1)
        self.assertEqual(headers.get("x-cache"), "hit")
        title = "Edited on node A " + str(time.time_ns())
        status, _, raw = call(a, "PATCH", f"/api/v1/admin/articles/{piece['id']}",
                              {"version": piece["version"], "title": title}, token=self.token)
        self.assertEqual(status, 200, raw[:300])
        edited_at = time.time()
        while time.time() - edited_at < 3:
            if title.encode() in call(b, "GET", path)[2]:
                break
            time.sleep(0.05)
        seen_after = time.time() - edited_at
        self.assertIn(title.encode(), call(b, "GET", path)[2])
        self.assertLess(seen_after, 1.0, "node B showed the edit after %.2f s" % seen_after)

    def test_an_image_uploaded_on_one_node_is_served_by_every_node(self):
        a, b = self.live_nodes()[:2]
        image = upload_image(a, self.token, "Uploaded on node A", 1200, 700)
        name = image["url"].rsplit("/", 1)[1]
        files = [image["url"]] + [v["url"] for v in image["variants"]]
        self.assertGreater(len(files), 1, image)
        for path in files:
            status, headers, body_a = call(a, "GET", path)
            self.assertEqual(status, 200, path)
            for node in self.live_nodes():
                status, headers, body = call(node, "GET", path)
                self.assertEqual(status, 200, f"{node.name} {path}")
                self.assertEqual(body, body_a, f"{node.name} served other bytes for {path}")
                self.assertTrue(headers["content-type"].startswith("image/"), headers)
        # Nodes keep copies in their own folders, not in the site's media folder.
        self.assertIn(name, os.listdir(os.path.join(self.site.dir, "media-cache")))
        self.assertNotIn(name, os.listdir(os.path.join(self.site.dir, "media")) if os.path.isdir(
            os.path.join(self.site.dir, "media")) else [])
        self.assertEqual(call(b, "GET", "/media/no-such-image.png")[0], 404)
        self.assertEqual(call(b, "GET", "/media/..%2Fqalam.toml")[0], 400)

        # Another node replaces the file (as qalam media strip does): this node drops
        # its copy when the change log names the file, and serves the new bytes.
        self.site.execute_sql(f"UPDATE media_files SET bytes = '\\x89504e47aa'::bytea WHERE name = '{name}'")
        self.site.execute_sql("INSERT INTO change_log (at, keys) VALUES (extract(epoch FROM now())::bigint,"
                              f" '[\"media-file:{name}\"]')")
        deadline = time.time() + 3
        while time.time() < deadline and call(b, "GET", image["url"])[2] != b"\x89PNG\xaa":
            time.sleep(0.1)
        self.assertEqual(call(b, "GET", image["url"])[2], b"\x89PNG\xaa")

    def schedule(self, node, seconds_ahead):
        status, doc = self.api(node, "POST", "/api/v1/admin/articles",
                               {"lang": "az", "title": "Planlı " + str(time.time_ns()), "lead": "Qısa",
                                "body": "Mətn.", "section": "analysis"})
        self.assertEqual(status, 201, doc)
        # Whole seconds, rounded up: never less than `seconds_ahead` from now (a loaded
        # machine may take a while between the two requests).
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(int(time.time()) + 1 + seconds_ahead))
        status, doc = self.api(node, "POST", f"/api/v1/admin/articles/{doc['id']}/schedule",
                               {"version": doc["version"], "published_at": at})
        self.assertEqual((status, doc["status"]), (200, "scheduled"), doc)
        return doc

    def wait_published(self, piece, within):
        deadline = time.time() + within
        while time.time() < deadline:
            rows = self.site.query_sql(f"SELECT status FROM articles WHERE id = {piece['id']}")
            if rows and rows[0][0] == "published":
                return True
            time.sleep(0.2)
        return False

    def audit_publications(self, piece):
        return int(self.site.query_sql(
            "SELECT count(*) FROM audit_log WHERE action = 'article.publish' AND actor = 'scheduler'"
            f" AND subject = 'article:{piece['id']}'")[0][0])

    def test_a_scheduled_piece_is_published_once_with_three_nodes_and_after_its_holder_is_killed(self):
        piece = self.schedule(self.nodes[0], 2)
        self.assertTrue(self.wait_published(piece, 10), "the scheduled piece was not published")
        time.sleep(1)  # every node's scheduler has run again meanwhile
        self.assertEqual(self.audit_publications(piece), 1)
        holder = self.site.query_sql("SELECT holder FROM leases WHERE name = 'scheduler'")[0][0]
        pid = int(holder.split(":")[1])
        killed = [n for n in self.nodes if n.proc.pid == pid]
        self.assertEqual(len(killed), 1, holder)
        killed[0].proc.send_signal(signal.SIGKILL)
        killed[0].proc.wait()
        survivor = self.live_nodes()[0]
        second = self.schedule(survivor, 2)
        # The lease lasts ten seconds past its holder's last run; then another node takes it.
        self.assertTrue(self.wait_published(second, 20), "no node took the scheduler over")
        holder_now = self.site.query_sql("SELECT holder FROM leases WHERE name = 'scheduler'")[0][0]
        self.assertNotEqual(holder_now, holder)
        self.assertEqual(self.audit_publications(second), 1)


if __name__ == "__main__":
    unittest.main()
