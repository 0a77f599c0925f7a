"""The response cache never shows a stale page after an edit: for every kind of thing
the newsroom changes (pieces, authors, sections, tags, Foreign press, projects and
missions, settings) and every page type that shows it, a page served from the cache
before the change (X-Cache: hit, so the test would fail if invalidation broke) shows
the change on the very next request. Also: validators and 304s, compressed bodies,
signed-in readers around the cache, and the counters on /metrics."""
import gzip
import json
import os
import re
import time
import unittest

from harness import QalamTestCase, Server, Site, add_user, call, create_token, run_qalam, upload_image
from test_newsroom_ui import Browser

EDITOR = "editor@example.org"


class CacheFreshnessTest(QalamTestCase):
    config = {"site.page_size": "3", "newsroom.scheduler_interval_ms": "200", "analytics.count_views": "false"}

    @classmethod
    def prepare_site(cls, site):
        add_user(site, EDITOR, "admin")
        cls.token = create_token(site, EDITOR)

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.browser = Browser(cls.server)
        status, _, _ = cls.browser.sign_in(EDITOR)
        assert status == 303
        cls.curate("authors", {"slug": "taze-yazar", "name.en": "Fresh Writer", "name.az": "Təzə Yazar"})
        cls.curate("tags", {"slug": "taze", "name.en": "Freshness", "name.az": "Təzəlik"})
        cls.curate("sections", {"slug": "taze-masa", "name.en": "Fresh desk", "name.az": "Təzə masa", "kind": "articles",
                                "position": "20"})
        cls.pieces = [cls.publish(f"Fresh piece {i}", minutes_ago=60 - i) for i in range(4)]

    # --- helpers -------------------------------------------------------------------------

    @classmethod
    def curate(cls, kind, fields):
        csrf = cls.browser.csrf(f"/newsroom/content/{kind}")
        status, headers, page = cls.browser.post(f"/newsroom/content/{kind}", dict(fields, csrf=csrf))
        assert status == 303, page[:2000]

    @classmethod
    def api(cls, method, path, body=None):
        status, headers, raw = call(cls.server, method, path, body, token=cls.token)
        return status, (json.loads(raw) if raw else None)

    @classmethod
    def publish(cls, title, minutes_ago=0, **fields):
        body = {"lang": "en", "title": title, "lead": "Lead of " + title, "body": "Text of " + title + ".",
                "authors": ["taze-yazar"], "section": "taze-masa", "tags": ["taze"]}
        body.update(fields)
        status, piece = cls.api("POST", "/api/v1/admin/articles", body)
        assert status == 201, piece
        status, piece = cls.api("POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": piece["version"]})
        assert status == 200, piece
        if minutes_ago:
            at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60 * minutes_ago))
            status, piece = cls.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"version": piece["version"], "published_at": at})
            assert status == 200, piece
        return piece

    def cached(self, path, headers=None):
        """The page from the cache: asked twice, the second answer must be a hit."""
        call(self.server, "GET", path, headers=headers)
        status, h, body = call(self.server, "GET", path, headers=headers)
        self.assertEqual(status, 200, path)
        self.assertEqual(h.get("x-cache"), "hit", f"{path} was not cached, so the test proves nothing")
        return body.decode()

    def fresh(self, path):
        status, h, body = call(self.server, "GET", path)
        return status, body.decode()

    def piece(self, id_):
        return self.api("GET", f"/api/v1/admin/articles/{id_}")[1]

    # Pages that show a piece of the fresh desk by the fresh writer tagged "taze".
    LISTS = ["/en/", "/en/authors/taze-yazar", "/en/sections/taze-masa", "/en/tags/taze", "/en/feed.xml", "/en/atom.xml",
             "/en/feed.json", "/en/authors/taze-yazar/feed.xml", "/en/sections/taze-masa/atom.xml",
             "/en/tags/taze/feed.json"]

    # --- pieces -------------------------------------------------------------------------

    def test_editing_a_piece_refreshes_every_page_showing_it(self):
        newest = self.piece(self.pieces[-1]["id"])
        pages = [f"/en/articles/{newest['slug']}"] + self.LISTS
        for p in pages:
            self.assertIn(newest["title"], self.cached(p), p)
        status, edited = self.api("PATCH", f"/api/v1/admin/articles/{newest['id']}",
                                  {"version": newest["version"], "title": "Fresh piece 3, corrected"})
        self.assertEqual(status, 200, edited)
        for p in pages:
            status, body = self.fresh(p)
            self.assertEqual(status, 200, p)
            self.assertIn("Fresh piece 3, corrected", body, p)
            self.assertNotIn(f">{newest['title']}<", body, p)
        self.pieces[-1] = edited

    def test_a_new_piece_pushes_one_onto_the_author_archives_page_2(self):
        page2 = self.cached("/en/authors/taze-yazar/page/2")
        page1 = self.cached("/en/authors/taze-yazar")
        last_on_page1 = re.findall(r'href="/en/articles/([^"]+)"', page1.split("<main", 1)[1])
        self.assertTrue(last_on_page1)
        tag_page2 = self.cached("/en/tags/taze/page/2")
        piece = self.publish("Fresh piece that pushes")
        status, body = self.fresh("/en/authors/taze-yazar/page/2")
        self.assertEqual(status, 200)
        self.assertNotEqual(body, page2)
        self.assertIn(f'href="/en/articles/{last_on_page1[-1]}"', body)  # the old page 1's last is now on page 2
        self.assertIn("Fresh piece that pushes", self.fresh("/en/authors/taze-yazar")[1])
        self.assertNotEqual(self.fresh("/en/tags/taze/page/2")[1], tag_page2)
        self.api("DELETE", f"/api/v1/admin/articles/{piece['id']}?version={piece['version']}")

    def test_unpublishing_and_deleting_take_a_piece_off_every_page(self):
        piece = self.publish("Fresh piece to withdraw")
        pages = [f"/en/articles/{piece['slug']}"] + self.LISTS
        for p in pages:
            self.assertIn("Fresh piece to withdraw", self.cached(p), p)
        sitemap = self.cached("/sitemaps/articles-1.xml")
        self.assertIn(piece["slug"], sitemap)
        status, down = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/unpublish", {"version": piece["version"]})
        self.assertEqual(status, 200)
        self.assertEqual(self.fresh(f"/en/articles/{piece['slug']}")[0], 404)
        for p in self.LISTS:
            self.assertNotIn("Fresh piece to withdraw", self.fresh(p)[1], p)
        self.assertNotIn(piece["slug"], self.fresh("/sitemaps/articles-1.xml")[1])
        # Back up, then deleted for good.
        status, up = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": down["version"]})
        self.assertIn("Fresh piece to withdraw", self.cached("/en/"))
        self.api("DELETE", f"/api/v1/admin/articles/{piece['id']}?version={up['version']}")
        self.assertNotIn("Fresh piece to withdraw", self.fresh("/en/")[1])
        self.assertEqual(self.fresh(f"/en/articles/{piece['slug']}")[0], 404)

    def test_a_new_slug_turns_the_cached_page_into_a_redirect(self):
        piece = self.publish("Fresh piece with a first name")
        self.cached(f"/en/articles/{piece['slug']}")
        status, renamed = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"version": piece["version"], "slug": "fresh-renamed"})
        self.assertEqual(status, 200, renamed)
        status, headers, _ = call(self.server, "GET", f"/en/articles/{piece['slug']}")
        self.assertEqual((status, headers["location"]), (301, "/en/articles/fresh-renamed"))
        self.assertEqual(self.fresh("/en/articles/fresh-renamed")[0], 200)

    def test_scheduled_publishing_refreshes_the_lists(self):
        self.cached("/en/")
        self.cached("/en/sections/taze-masa")
        status, piece = self.api("POST", "/api/v1/admin/articles",
                                 {"lang": "en", "title": "Fresh piece on a timer", "body": "Text.", "authors": ["taze-yazar"],
                                  "section": "taze-masa"})
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 2))
        status, piece = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/schedule", {"version": piece["version"], "published_at": at})
        self.assertEqual(status, 200, piece)
        self.assertNotIn("Fresh piece on a timer", self.cached("/en/"))
        deadline = time.time() + 10
        while "Fresh piece on a timer" not in self.fresh("/en/")[1] and time.time() < deadline:
            time.sleep(0.2)
        self.assertIn("Fresh piece on a timer", self.fresh("/en/")[1])
        self.assertIn("Fresh piece on a timer", self.fresh("/en/sections/taze-masa")[1])

    def test_a_new_translation_adds_hreflang_to_the_original(self):
        original = self.publish("Fresh original")
        page = self.cached(f"/en/articles/{original['slug']}")
        self.assertNotIn('hreflang="az"', page.split("</head>")[0].replace('hreflang="az" href="http://127.0.0.1:8080/az/"', ""))
        az_archive = self.cached("/az/authors/taze-yazar")
        self.assertIn("Fresh original", az_archive)  # every language, until az has its own
        status, az = self.api("POST", "/api/v1/admin/articles",
                              {"lang": "az", "title": "Təzə orijinal", "body": "Mətn.", "authors": ["taze-yazar"],
                               "translation_of": original["id"]})
        self.api("POST", f"/api/v1/admin/articles/{az['id']}/publish", {"version": az["version"]})
        body = self.fresh(f"/en/articles/{original['slug']}")[1]
        self.assertIn(f'hreflang="az" href="http://127.0.0.1:8080/az/articles/{az["slug"]}"', body)
        # Archives list one piece per translation group, the edition's own when it exists.
        az_archive = self.fresh("/az/authors/taze-yazar")[1]
        self.assertIn("Təzə orijinal", az_archive)
        self.assertNotIn("Fresh original", az_archive)
        en_archive = self.fresh("/en/authors/taze-yazar")[1]
        self.assertIn("Fresh original", en_archive)
        self.assertNotIn("Təzə orijinal", en_archive)
        az = self.piece(az["id"])
        for p in (az, self.piece(original["id"])):
            self.api("DELETE", f"/api/v1/admin/articles/{p['id']}?version={p['version']}")

    # --- what surrounds the pieces ----------------------------------------------------------

    def test_an_authors_new_name_shows_on_bylines_archives_and_feeds(self):
        piece = self.pieces[0]
        pages = [f"/en/articles/{piece['slug']}", "/en/authors/taze-yazar", "/en/authors/taze-yazar/feed.xml",
                 "/en/sections/taze-masa", "/en/feed.xml"]
        for p in pages:
            self.assertIn("Fresh Writer", self.cached(p), p)
        self.curate("authors", {"slug": "taze-yazar", "name.en": "Renamed Writer", "name.az": "Təzə Yazar"})
        for p in pages:
            body = self.fresh(p)[1]
            self.assertIn("Renamed Writer", body, p)
            self.assertNotIn("Fresh Writer", body, p)
        self.curate("authors", {"slug": "taze-yazar", "name.en": "Fresh Writer", "name.az": "Təzə Yazar"})

    def test_a_sections_new_name_shows_in_every_pages_navigation(self):
        pages = ["/en/", f"/en/articles/{self.pieces[1]['slug']}", "/en/sections/taze-masa", "/en/authors/taze-yazar",
                 "/en/sections/taze-masa/feed.xml"]
        for p in pages:
            self.assertIn("Fresh desk", self.cached(p), p)
        self.curate("sections", {"slug": "taze-masa", "name.en": "Renamed desk", "name.az": "Təzə masa", "kind": "articles",
                                 "position": "20"})
        for p in pages:
            body = self.fresh(p)[1]
            self.assertIn("Renamed desk", body, p)
            self.assertNotIn("Fresh desk", body, p)
        self.curate("sections", {"slug": "taze-masa", "name.en": "Fresh desk", "name.az": "Təzə masa", "kind": "articles",
                                 "position": "20"})

    def test_a_tags_new_name_shows_on_articles_its_archive_and_feeds(self):
        pages = [f"/en/articles/{self.pieces[2]['slug']}", "/en/tags/taze", "/en/feed.xml", "/en/tags/taze/atom.xml"]
        for p in pages:
            self.assertIn("Freshness", self.cached(p), p)
        self.curate("tags", {"slug": "taze", "name.en": "Renamed tag", "name.az": "Təzəlik"})
        for p in pages:
            body = self.fresh(p)[1]
            self.assertIn("Renamed tag", body, p)
            self.assertNotIn("Freshness", body, p)
        self.curate("tags", {"slug": "taze", "name.en": "Freshness", "name.az": "Təzəlik"})

    def test_a_press_item_edit_shows_on_the_home_page_press_section_and_feed(self):
        url = "https://press.example.org/2021/02/what-peace-could-mean-for-the-south-caucasus"
        pages = ["/en/", "/en/sections/foreign-press", "/en/sections/foreign-press/feed.xml"]
        for p in pages:
            self.assertIn("What peace could mean for the South Caucasus", self.cached(p), p)
        self.curate("press-items", {"outlet": "Foreign outlet (demo data)", "outlet_url": "https://press.example.org",
                                    "url": url, "lang": "en", "date": "2021-02-23",
                                    "title": "What peace means for the South Caucasus, revised"})
        for p in pages:
            self.assertIn("What peace means for the South Caucasus, revised", self.fresh(p)[1], p)

    def test_a_project_and_its_missions_show_their_edits(self):
        pages = ["/en/", "/en/sections/special-projects", "/en/projects/diplomatic-missions-on-twitter"]
        bodies = [self.cached(p) for p in pages]
        self.curate("projects", {"slug": "diplomatic-missions-on-twitter", "title.en": "Missions on social networks",
                                 "directory": "1", "new": "1"})
        for p, before in zip(pages, bodies):
            body = self.fresh(p)[1]
            self.assertIn("Missions on social networks", body, p)
        page = self.cached("/en/projects/diplomatic-missions-on-twitter")
        self.assertNotIn("Reykjavík", page)
        self.curate("missions", {"project": "diplomatic-missions-on-twitter", "country": "IS", "city": "Reykjavík",
                                 "kind": "embassy", "accounts": "x https://x.com/azembassy_is @azembassy_is"})
        self.assertIn("Reykjavík", self.fresh("/en/projects/diplomatic-missions-on-twitter")[1])

    def test_the_sites_title_shows_everywhere(self):
        pages = ["/en/", f"/en/articles/{self.pieces[0]['slug']}", "/en/feed.xml", "/sitemaps/news.xml"]
        bodies = [self.cached(p) for p in pages]
        csrf = self.browser.csrf("/newsroom/settings")
        self.browser.post("/newsroom/settings", {"csrf": csrf, "site_title": "Freshly Named Outlet", "site_tagline": "x"})
        for p in pages:
            self.assertIn("Freshly Named Outlet", self.fresh(p)[1], p)

    # --- the cache's own rules --------------------------------------------------------------

    def test_an_import_into_the_served_site_evicts_exactly_what_it_changed(self):
        # Another process (qalam import) writes; the server reads its keys from the
        # change log and forgets exactly the pages showing them (here the Foreign press
        # list and the archives carrying it beside them), no others (before the change
        # log it forgot every page).
        touched = "/en/sections/foreign-press"
        untouched = "/en/articles/" + self.piece(self.pieces[0]["id"])["slug"]
        self.assertNotIn("Imported from another process", self.cached(touched))
        self.cached(untouched)
        record = {"type": "press_item", "outlet": "Another Outlet", "url": "https://press.example.org/imported",
                  "lang": "en", "date": time.strftime("%Y-%m-%d", time.gmtime()),
                  "title": "Imported from another process", "summary": "Through the change log."}
        path = os.path.join(self.site.dir, "one.jsonl")
        with open(path, "w", encoding="utf-8") as f:
            f.write(json.dumps(record) + "\n")
        done = run_qalam("import", "--site", self.site.dir, path)
        self.assertEqual(done.returncode, 0, done.stderr)
        deadline = time.time() + 3
        while time.time() < deadline:
            status, body = self.fresh(touched)
            if "Imported from another process" in body:
                break
            time.sleep(0.1)
        self.assertIn("Imported from another process", body)
        status, h, _ = call(self.server, "GET", untouched)
        self.assertEqual(h.get("x-cache"), "hit", "a page the import did not change was forgotten")

    def test_an_images_new_caption_shows_on_the_pages_showing_it(self):
        media = upload_image(self.server, self.token, "Qala", 600, 400)
        piece = self.publish("A piece with a figure", body=f"Before.\n\n![Qala]({media['url']})\n\nAfter.",
                             image=media["url"], image_alt="Qala")
        page = f"/en/articles/{piece['slug']}"
        self.assertNotIn("Foto: Leyla", self.cached(page))
        name = media["url"].rsplit("/", 1)[1].split(".")[0]
        csrf = self.browser.csrf("/newsroom/media")
        status, _, _ = self.browser.post(f"/newsroom/media/{name}/details",
                                         {"csrf": csrf, "alt": "Qala at dusk", "caption": "Qala", "credit": "Foto: Leyla"})
        self.assertEqual(status, 303)
        status, article = self.fresh(page)
        # The featured figure and the figure in the text carry the new caption and credit.
        self.assertEqual(article.count('<figcaption>Qala <span class="credit">Foto: Leyla</span></figcaption>'), 2)

    def test_search_results_are_never_served_stale(self):
        for _ in range(2):
            status, headers, body = call(self.server, "GET", "/en/search?q=zanzibarish")
            self.assertEqual(status, 200)
            self.assertNotIn("x-cache", headers)  # no key could say when results change
        self.publish("Zanzibarish diplomacy")
        status, _, body = call(self.server, "GET", "/en/search?q=zanzibarish")
        self.assertIn(b'href="/en/articles/zanzibarish-diplomacy"', body)

    def test_validators_answer_304_until_the_page_changes(self):
        piece = self.pieces[1]
        path = f"/en/articles/{piece['slug']}"
        self.cached(path)
        status, headers, _ = call(self.server, "GET", path)
        etag, modified = headers["etag"], headers["last-modified"]
        self.assertEqual(call(self.server, "GET", path, headers={"If-None-Match": etag})[0], 304)
        self.assertEqual(call(self.server, "GET", path, headers={"If-Modified-Since": modified})[0], 304)
        now = self.piece(piece["id"])
        self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"version": now["version"], "lead": "A changed lead."})
        status, headers, body = call(self.server, "GET", path, headers={"If-None-Match": etag})
        self.assertEqual(status, 200)
        self.assertNotEqual(headers["etag"], etag)
        self.assertIn(b"A changed lead.", body)

    def test_compressed_bodies_are_the_same_page(self):
        plain = self.cached("/en/tags/taze").encode()
        status, headers, body = call(self.server, "GET", "/en/tags/taze", headers={"Accept-Encoding": "gzip"})
        self.assertEqual((headers["content-encoding"], headers["vary"]), ("gzip", "Accept-Encoding"))
        self.assertEqual(gzip.decompress(body), plain)
        status, headers, body = call(self.server, "GET", "/en/tags/taze", headers={"Accept-Encoding": "br, gzip"})
        self.assertEqual(headers["content-encoding"], "br")
        self.assertLess(len(body), len(plain))

    def test_caching_headers_name_what_the_page_shows(self):
        piece = self.pieces[2]
        call(self.server, "GET", f"/en/articles/{piece['slug']}")
        status, headers, _ = call(self.server, "GET", f"/en/articles/{piece['slug']}")
        keys = headers["surrogate-key"].split()
        self.assertIn(f"article:{piece['id']}", keys)
        self.assertIn("settings", keys)
        self.assertRegex(headers["cache-control"], r"s-maxage=\d+, stale-while-revalidate=\d+")

    def test_signed_in_readers_and_the_newsroom_go_around_the_cache(self):
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.browser.jar)
        for _ in range(2):
            status, headers, _ = call(self.server, "GET", "/en/", headers={"Cookie": cookie})
            self.assertNotIn("x-cache", headers)
            self.assertEqual(headers["cache-control"], "private, no-cache")
        for _ in range(2):
            status, headers, _ = call(self.server, "GET", "/newsroom/sign-in")
            self.assertNotIn("x-cache", headers)
            self.assertEqual(headers["cache-control"], "no-store")

    def test_metrics_count_hits_misses_and_evictions(self):
        def metric(name):
            status, _, body = call(self.server, "GET", "/metrics")
            self.assertEqual(status, 200)
            return float(re.search(rf"^{name} (\S+)$", body.decode(), re.M).group(1))
        hits = metric("qalam_cache_hits_total")
        self.cached("/en/tags/taze")
        self.assertGreater(metric("qalam_cache_hits_total"), hits)
        evictions = metric("qalam_cache_evictions_total")
        now = self.piece(self.pieces[0]["id"])
        self.api("PATCH", f"/api/v1/admin/articles/{now['id']}", {"version": now["version"], "lead": "Evicting lead."})
        self.assertGreater(metric("qalam_cache_evictions_total"), evictions)
        self.assertGreater(metric("qalam_cache_bytes"), 0)
        _, _, body = call(self.server, "GET", "/metrics")
        self.assertIn('qalam_http_requests_total{route="/{lang}/tags/{slug}",status="200"}', body.decode())
        self.assertIn('qalam_http_request_duration_seconds_bucket{route="/{lang}/tags/{slug}",le="+Inf"}', body.decode())


class PurgeWebhookTest(unittest.TestCase):
    """Evicted keys are POSTed to cache.purge_url (a local fixture stands in for the
    proxy's purge handler)."""

    def test_an_edit_posts_its_keys(self):
        import http.server
        import threading
        received = []

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                received.append((self.path, self.headers["Content-Type"], json.loads(body)))
                self.send_response(204)
                self.end_headers()

            def log_message(self, *args):
                pass

        fixture = http.server.HTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=fixture.serve_forever, daemon=True).start()
        site = Site(demo=False)
        site.edit_config({"cache.purge_url": f'"http://127.0.0.1:{fixture.server_port}/purge"'})
        add_user(site, EDITOR, "editor")
        token = create_token(site, EDITOR)
        server = Server(site)
        try:
            status, _, raw = call(server, "POST", "/api/v1/admin/articles", {"lang": "en", "title": "Purged", "body": "x"}, token=token)
            piece = json.loads(raw)
            call(server, "POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": piece["version"]}, token=token)
            deadline = time.time() + 5
            while not received and time.time() < deadline:
                time.sleep(0.05)
            self.assertTrue(received, "no purge request arrived")
            path, content_type, doc = received[0]
            self.assertEqual((path, content_type), ("/purge", "application/json"))
            self.assertIn(f"article:{piece['id']}", doc["keys"])
            self.assertIn("articles:en", doc["keys"])
        finally:
            server.stop()
            site.cleanup()
            fixture.shutdown()


class CacheOffTest(QalamTestCase):
    """With the cache off (the benchmark's uncached run), pages are rendered every time."""
    config = {"cache.enabled": "false"}

    def test_every_request_renders(self):
        for _ in range(2):
            status, headers, _ = call(self.server, "GET", "/en/")
            self.assertEqual(status, 200)
            self.assertNotIn("x-cache", headers)
            self.assertIn("surrogate-key", headers)


class MetricsAccessTest(QalamTestCase):
    demo = False
    config = {"metrics.allow": '"10.9.9.9"'}

    def test_metrics_are_refused_to_other_addresses(self):
        self.assertEqual(call(self.server, "GET", "/metrics")[0], 403)


if __name__ == "__main__":
    unittest.main()


class TheCacheHoldsUnderHostileTraffic(QalamTestCase):
    def test_random_parameters_and_made_up_cookies_get_the_cached_page(self):
        self.server.get("/en/")
        for i in range(5):
            status, headers, _ = self.server.get(f"/en/?utm_source={i}&cb={i * 7}")
            self.assertEqual((status, headers.get("x-cache")), (200, "hit"))
        status, headers, _ = self.server.get("/en/", headers={"Cookie": "qalam_session=not-a-session"})
        self.assertEqual((status, headers.get("x-cache")), (200, "hit"))
        # The same for an archive; its own parameter (page) still makes another page.
        self.server.get("/en/authors/vasif-huseynov")
        status, headers, _ = self.server.get("/en/authors/vasif-huseynov?utm_campaign=x")
        self.assertEqual((status, headers.get("x-cache")), (200, "hit"))
        status, headers, _ = self.server.get("/en/authors/vasif-huseynov?page=2&utm_campaign=x")
        self.assertEqual(status, 301)  # to /page/2, its own page
        self.assertNotEqual(headers.get("x-cache"), "hit")


class ADegradedPageIsNotKept(QalamTestCase):
    """A page rendered while the site's settings cannot be read has only stand-ins for
    the site's name: a 503 with Retry-After, never stored (the failure is made real by
    taking the settings table away, as a damaged database would)."""

    def test_without_its_settings_a_page_is_503_and_not_cached(self):
        self.assertEqual(self.server.get("/en/authors/vasif-huseynov")[0], 200)
        # A server that has kept the settings it read would not notice: a server
        # started after the damage reads them for its first page.
        self.server.stop()
        self.site.execute_sql("ALTER TABLE site_settings RENAME TO site_settings_gone")
        self.__class__.server = Server(self.site, self.server_args)
        for _ in range(2):
            status, headers, body = self.server.get("/en/sections/politics")
            self.assertEqual(status, 503, body[:300])
            self.assertEqual(headers.get("retry-after"), "5")
            self.assertNotEqual(headers.get("x-cache"), "hit")
        self.site.execute_sql("ALTER TABLE site_settings_gone RENAME TO site_settings")
        status, headers, _ = self.server.get("/en/sections/politics")
        self.assertEqual(status, 200)
