"""Press monitoring over real HTTP: `qalam sources` polls a local stand-in for the
internet (feed_fixtures.py) serving the fixtures of three feed parsers' test suites
and hostile feeds. Python's feedparser, a real feed reader, is the oracle for the
fixtures it reads."""
import json
import os
import re
import time
import unittest

import feedparser

from feed_fixtures import FEEDS, FeedServer, fixture_files
from harness import QalamTestCase, Server, Site, add_user, advance_clock, call, run_qalam
from test_newsroom_ui import Browser


def require_fixtures():
    if not os.path.exists(os.path.join(FEEDS, "PROVENANCE.md")):
        raise unittest.SkipTest(f"absent: {FEEDS} (../shared/testdata/feeds; set QALAM_SHARED_DIR)")


def sources(site, *args, timeout=120):
    return run_qalam("sources", *args, "--site", site.dir, timeout=timeout)


def add(site, url, name, *extra):
    done = sources(site, "add", url, "--name", name, *extra)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.split()[2].rstrip(":"))


def items(site, source=None, limit=500):
    args = ["items", "--limit", str(limit)] + ([str(source)] if source else [])
    done = sources(site, *args)
    assert done.returncode == 0, done.stderr
    return [json.loads(line) for line in done.stdout.splitlines()]


def report_lines(stdout):
    """{name: the rest of its line} of a `sources poll` run."""
    out = {}
    for line in stdout.splitlines():
        if ": " in line and not line.startswith(("  ", "polled ")):
            name, rest = line.split(": ", 1)
            out[name] = rest
    return out


# Documents that are no feed: refused with the reason.
REFUSED = {
    "gofeed/empty_feed.xml": "not a feed: the document is empty",
    "gofeed/invalid.json": "not a feed: not valid JSON",
    "rss-parser/unrecognized.rss": "not a feed: an HTML page",
}
# JSON Feeds (Debian's feedparser reads none): counts from the documents themselves.
JSON_ITEMS = {"feedparser/json__example.json": 2, "gofeed/json10_full.json": 1, "gofeed/version_json_11.json": 1}


class FixtureFeeds(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        require_fixtures()
        cls.feeds = FeedServer()
        cls.site = Site(demo=False)
        cls.ids = {}
        for name, _ in fixture_files():
            # Every third through gzip or brotli: the answer's encoding must not matter.
            n = len(cls.ids)
            prefix = ["", "/gzip", "/br"][n % 3]
            cls.ids[name] = add(cls.site, cls.feeds.url(f"{prefix}/fixtures/{name}"), name)
        cls.poll = sources(cls.site, "poll")
        cls.lines = report_lines(cls.poll.stdout)

    @classmethod
    def tearDownClass(cls):
        cls.feeds.stop()
        cls.site.cleanup()

    def test_every_fixture_parses_or_is_refused_with_a_reason(self):
        self.assertEqual(self.poll.returncode, 1, self.poll.stdout)  # the three refusals fail
        self.assertIn(f"polled {len(self.ids)} sources", self.poll.stdout)
        for name in self.ids:
            line = self.lines.get(name)
            self.assertIsNotNone(line, f"{name} missing from:\n{self.poll.stdout}")
            if name in REFUSED:
                self.assertTrue(line.startswith("failed: " + REFUSED[name]), f"{name}: {line}")
            else:
                self.assertRegex(line, r"^\d+ items, \d+ new", name)

    def test_item_counts_match_a_real_feed_reader(self):
        for name, path in fixture_files():
            if name in REFUSED:
                continue
            expected = JSON_ITEMS.get(name)
            if expected is None:
                expected = len(feedparser.parse(open(path, "rb").read()).entries)
            got = int(self.lines[name].split()[0])
            self.assertEqual(got, expected, f"{name}: {self.lines[name]}")

    def test_titles_links_and_dates_match_a_real_feed_reader(self):
        for name in ("rss-parser/guardian.rss", "rss-parser/heise.atom", "rss-parser/encoding.rss",
                     "rss-parser/rss-1.rss", "rss-parser/heraldsun.rss", "rss-parser/content-encoded.rss"):
            parsed = feedparser.parse(open(os.path.join(FEEDS, name), "rb").read())
            ours = {i["link"]: i for i in items(self.site, self.ids[name])}
            checked = 0
            for entry in parsed.entries:
                item = ours.get(entry.link)
                if item is None:
                    continue  # kept once: another fixture carried the same link
                self.assertEqual(" ".join(item["title"].split()), " ".join(entry.title.split()), name)
                when = entry.get("published_parsed") or entry.get("updated_parsed")
                if when:
                    self.assertEqual(item["published"], time.strftime("%Y-%m-%dT%H:%M:%SZ", when), entry.link)
                checked += 1
            self.assertGreater(checked, 0, name)

    def test_health_is_visible_per_source(self):
        listing = sources(self.site, "list").stdout
        self.assertIn("failing (1 in a row): not a feed: an HTML page", listing)
        self.assertIn("ok, 55 items at", listing)

    def test_a_second_poll_is_conditional_and_finds_nothing_new(self):
        before = len([h for h in self.feeds.hits if h[1]])
        again = sources(self.site, "poll", str(self.ids["rss-parser/guardian.rss"]))
        self.assertEqual(again.returncode, 0, again.stdout + again.stderr)
        self.assertIn("rss-parser/guardian.rss: not modified since the last poll", again.stdout)
        self.assertGreater(len([h for h in self.feeds.hits if h[1]]), before)  # If-None-Match sent


class HostileFeeds(unittest.TestCase):
    """Each costs bounded time and memory, says what went wrong, and breaks nothing else."""

    @classmethod
    def setUpClass(cls):
        require_fixtures()
        cls.feeds = FeedServer()
        cls.site = Site(demo=False)
        cls.site.edit_config({"monitoring.timeout_seconds": "3", "monitoring.max_feed_bytes": "1048576"})

    @classmethod
    def tearDownClass(cls):
        cls.feeds.stop()
        cls.site.cleanup()

    def poll_one(self, name):
        source = add(self.site, self.feeds.url("/hostile/" + name), name)
        start = time.monotonic()
        done = sources(self.site, "poll", str(source), timeout=60)
        took = time.monotonic() - start
        line = report_lines(done.stdout).get(name, done.stdout + done.stderr)
        return line, took, done

    def test_failures_say_why(self):
        cases = {
            "500": "failed: HTTP 500 Internal Server Error",
            "loop": "failed: more than 5 redirects",
            "huge": "failed: the answer passed 1 MB",
            "endless": "failed: the answer passed 1 MB",
            "bomb": "failed: the answer passed 1 MB",
            "html": "failed: not a feed: an HTML page",
            "empty": "failed: not a feed: the document is empty",
        }
        for name, expected in cases.items():
            with self.subTest(name):
                line, took, done = self.poll_one(name)
                self.assertEqual(line, expected)
                self.assertEqual(done.returncode, 1)
                self.assertLess(took, 15)

    def test_a_slow_feed_is_cut_off_at_the_timeout(self):
        line, took, _ = self.poll_one("slow")
        self.assertEqual(line, "failed: no whole answer within 3 s")
        self.assertLess(took, 10)

    def test_a_redirect_is_followed(self):
        line, _, done = self.poll_one("redirect")
        self.assertEqual(done.returncode, 0, done.stdout)
        self.assertTrue(line.startswith("2 items, 2 new"), line)

    def test_external_entities_are_never_fetched_or_read(self):
        line, _, done = self.poll_one("xxe")
        self.assertEqual(done.returncode, 0, line)
        self.assertNotIn("/hostile/xxe-probe", [h[0] for h in self.feeds.hits])
        titles = [i["title"] for i in items(self.site) if i["link"] == "https://x.example/xxe"]
        self.assertEqual(titles, ["Read"])

    def test_entity_expansion_is_bounded(self):
        line, took, _ = self.poll_one("laughs")
        self.assertLess(took, 10)
        for i in items(self.site):
            self.assertLess(len(i["title"]), 1000)

    def test_invalid_bytes_are_replaced_and_said(self):
        line, _, done = self.poll_one("invalid-utf8")
        self.assertEqual(done.returncode, 0, line)
        self.assertIn("warning: 2 byte sequences are not UTF-8 and were replaced", done.stdout)
        titles = [i["title"] for i in items(self.site) if i["link"] == "https://x.example/1"]
        self.assertEqual(titles, ["Bad \ufffd\ufffd bytes"])

    def test_bad_input_names_the_field_and_changes_nothing(self):
        done = sources(self.site, "add", "file:///etc/passwd")
        self.assertEqual(done.returncode, 2)
        self.assertIn("'file:///etc/passwd' is not an http:// or https:// address", done.stderr)
        done = sources(self.site, "add", "https://ok.example/feed", "--interval", "1")
        self.assertEqual(done.returncode, 2)
        self.assertIn("the interval is 5 to 10080 minutes", done.stderr)
        self.assertNotIn("ok.example", sources(self.site, "list").stdout)
        done = sources(self.site, "remove", "999")
        self.assertEqual(done.returncode, 2)
        self.assertIn("no feed source is 999", done.stderr)


class ServedSitePolls(unittest.TestCase):
    """`qalam serve` polls what is due on its own, conditionally, on its schedule."""

    def test_due_sources_are_polled_and_then_wait_their_interval(self):
        require_fixtures()
        feeds = FeedServer()
        site = Site(demo=False)
        try:
            add(site, feeds.url("/fixtures/rss-parser/heise.atom"), "heise", "--interval", "30")
            server = Server(site, ("--test-clock",))
            try:
                deadline = time.time() + 15
                while time.time() < deadline and "ok, 15 items" not in sources(site, "list").stdout:
                    time.sleep(0.2)
                self.assertIn("ok, 15 items", sources(site, "list").stdout)
                self.assertEqual(len(items(site)), 15)
                time.sleep(3)  # polls run every 2 s: nothing more is due for 30 minutes
                self.assertEqual(len(feeds.hits), 1)
                advance_clock(server, 31 * 60)
                deadline = time.time() + 15
                while time.time() < deadline and len(feeds.hits) < 2:
                    time.sleep(0.2)
                self.assertEqual(len(feeds.hits), 2)
                self.assertTrue(feeds.hits[1][1], "the second poll carries If-None-Match")
            finally:
                server.stop()
        finally:
            feeds.stop()
            site.cleanup()


class MissionTimelines(unittest.TestCase):
    """A mission's account with a feed: the server polls it and the project page shows
    its posts, filtered by country, organisation and network; the page held in the
    cache changes when posts arrive."""

    def test_posts_reach_the_project_page(self):
        require_fixtures()
        feeds = FeedServer()
        site = Site(demo=False)
        try:
            server = Server(site)
            try:
                page = "/en/projects/missions"
                records = [
                    {"type": "project", "slug": "missions", "title": {"en": "Missions", "az": "Nümayəndəliklər"},
                     "directory": True},
                    {"type": "mission", "project": "missions", "country": "DE", "city": "Berlin", "kind": "embassy",
                     "accounts": [{"network": "mastodon", "url": "https://mastodon.example/@az",
                                   "feed": feeds.url("/fixtures/rss-parser/heraldsun.rss")}]},
                    {"type": "mission", "project": "missions", "organisation": "UN", "city": "Geneva",
                     "kind": "permanent_mission",
                     "accounts": [{"network": "youtube", "url": "https://youtube.example/c/az",
                                   "feed": feeds.url("/fixtures/rss-parser/heise.atom")}]},
                ]
                path = os.path.join(site.dir, "missions.jsonl")
                with open(path, "w", encoding="utf-8") as f:
                    f.write("".join(json.dumps(r) + "\n" for r in records[:1]))
                self.assertEqual(run_qalam("import", "--site", site.dir, path).returncode, 0)
                # The server reads the import's changes within half a second; a page
                # cached before that would be evicted under the next request.
                time.sleep(0.7)
                status, _, body = server.get(page)
                self.assertEqual(status, 200)
                self.assertNotIn("What the missions post", body.decode())
                _, headers, _ = call(server, "GET", page)
                self.assertEqual(headers.get("x-cache"), "hit")  # held in the cache without a timeline
                with open(path, "w", encoding="utf-8") as f:
                    f.write("".join(json.dumps(r) + "\n" for r in records))
                done = run_qalam("import", "--site", site.dir, path)
                self.assertEqual(done.returncode, 0, done.stderr)
                deadline = time.time() + 20
                body = ""
                while time.time() < deadline:
                    body = server.get(page)[2].decode()
                    if "The First Item" in body and "WildFly" in body:
                        break
                    time.sleep(0.3)
                self.assertIn("What the missions post", body)
                self.assertIn("The First Item", body)  # Berlin's mastodon
                self.assertIn("WildFly", body)         # the UN mission's youtube
                self.assertIn("United Nations, Geneva", body)
                # Each mission shows its latest post beside it in the directory.
                self.assertRegex(body, r'<p class="latest-post">[^<]*<span class="post-network">Mastodon</span>')
                self.assertIn('href="http://www.oreilly.com/example/001.html"', body)
                self.assertNotIn("<img", body.split("What the missions post")[1])  # never hot-linked
                timeline = lambda query: server.get(page + query)[2].decode().split("What the missions post")[1]
                only_un = timeline("?country=UN")
                self.assertIn("WildFly", only_un)
                self.assertNotIn("The First Item", only_un)
                only_mastodon = timeline("?network=mastodon")
                self.assertIn("The First Item", only_mastodon)
                self.assertNotIn("WildFly", only_mastodon)
                bad = server.get(page + "?network=%3Cscript%3E")
                self.assertEqual(bad[0], 400)
                # The mission sources are listed with their health, and no post is in the inbox.
                listing = sources(site, "list").stdout
                self.assertIn("mastodon · Berlin", listing)
                self.assertEqual(items(site), [])
            finally:
                server.stop()
        finally:
            feeds.stop()
            site.cleanup()


class NewsroomMonitoringPages(QalamTestCase):
    """The inbox, sources and watch-list pages over HTTP: who may use them, and bad
    input answered 4xx with nothing changed."""
    demo = False

    @classmethod
    def prepare_site(cls, site):
        require_fixtures()
        cls.feeds = FeedServer()
        add_user(site, "editor@example.org", "editor")
        add_user(site, "author@example.org", "author")
        add(site, cls.feeds.url("/fixtures/rss-parser/heise.atom"), "heise", "--lang", "de")

    @classmethod
    def tearDownClass(cls):
        super().tearDownClass()
        cls.feeds.stop()

    def editor(self):
        b = Browser(self.server)
        status, _, _ = b.sign_in("editor@example.org")
        self.assertEqual(status, 303)
        return b

    def wait_for_items(self):
        deadline = time.time() + 15
        while time.time() < deadline and not items(self.site):
            time.sleep(0.2)
        return items(self.site)

    def test_a_watch_list_fills_the_inbox_and_items_are_kept_or_dismissed(self):
        b = self.editor()
        self.assertEqual(len(self.wait_for_items()), 15)
        status, _, page = b.get("/newsroom/inbox")
        self.assertEqual(status, 200)
        self.assertEqual(len(re.findall(r'<li class="inbox-item', page)), 0)  # no watch list yet: nothing matched
        status, headers, _ = b.post("/newsroom/topics", {"csrf": b.csrf(), "id": "0", "name": "Java", "terms": "Java\nWildFly"})
        self.assertEqual(status, 303, headers)
        _, _, page = b.get("/newsroom/inbox?state=new")
        matched = len(re.findall(r'<li class="inbox-item', page))
        self.assertGreater(matched, 0)
        self.assertIn("<mark>", page)
        ids = re.findall(r'name="item" value="(\d+)"', page)
        status, headers, _ = b.post("/newsroom/inbox/state", {"csrf": b.csrf(), "item": ids[:2], "state": "dismissed",
                                                              "back": "/newsroom/inbox?state=new"})
        self.assertEqual(status, 303)
        self.assertIn("changed=2", headers["location"])
        _, _, page = b.get("/newsroom/inbox?state=dismissed")
        self.assertEqual(len(re.findall(r'<li class="inbox-item', page)), 2)
        status, headers, _ = b.post("/newsroom/inbox/state", {"csrf": b.csrf(), "one": f"{ids[0]} kept"})
        self.assertEqual(status, 303)
        _, _, page = b.get("/newsroom/inbox?state=kept")
        self.assertEqual(len(re.findall(r'<li class="inbox-item', page)), 1)

    def test_bad_input_is_refused_and_changes_nothing(self):
        b = self.editor()
        self.wait_for_items()
        cases = [
            ("GET", "/newsroom/inbox?state=maybe", None, 400),
            ("GET", "/newsroom/inbox?source=abc", None, 400),
            ("GET", "/newsroom/inbox?lang=e%25", None, 400),  # no LIKE wildcard
            ("GET", "/newsroom/inbox/999999", None, 404),
            ("POST", "/newsroom/inbox/state", {"item": ["x"], "state": "kept"}, 400),
            ("POST", "/newsroom/inbox/state", {"item": ["1"], "state": "used"}, 400),
            ("POST", "/newsroom/inbox/state", {"state": "kept"}, 400),
            ("POST", "/newsroom/sources", {"url": "ftp://x", "interval": "1"}, 400),
            ("POST", "/newsroom/topics", {"id": "0", "name": "", "terms": ""}, 400),
            ("POST", "/newsroom/sources/999/remove", {}, 404),
        ]
        for method, path, data, expected in cases:
            with self.subTest(path=path, data=data):
                if method == "GET":
                    status, _, _ = b.get(path)
                else:
                    status, _, page = b.post(path, {"csrf": b.csrf(), **data})
                self.assertEqual(status, expected)
        self.assertEqual(len(re.findall(r"^ +\d+  ", sources(self.site, "list").stdout, re.M)), 1)  # still one source
        # No CSRF token: refused.
        status, _, _ = b.post("/newsroom/sources", {"url": "https://ok.example/feed"})
        self.assertEqual(status, 403)
        self.assertNotIn("ok.example", sources(self.site, "list").stdout)

    def test_authors_may_not_use_the_desks_monitoring(self):
        b = Browser(self.server)
        b.sign_in("author@example.org")
        for path in ("/newsroom/inbox", "/newsroom/sources", "/newsroom/topics"):
            status, _, _ = b.get(path)
            self.assertEqual(status, 403, path)
        status, _, page = b.get("/newsroom/")
        self.assertNotIn('href="/newsroom/inbox"', page)


if __name__ == "__main__":
    unittest.main()
