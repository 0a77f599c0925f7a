"""The Admin API and the Content API over real HTTP: every permission rule, validation
answers as problem+json with field lists, optimistic concurrency, tokens that stop
working, uploads judged by content, scheduling (also across a restart), and the
Content API's filters, cursors and content key."""
import json
import struct
import os
import time
import unittest

from harness import EditorTokenTestCase, QalamTestCase, Server, Site, add_user, call, create_token, png, run_qalam


class AdminApiTest(QalamTestCase):
    config = {"newsroom.scheduler_interval_ms": "200"}

    @classmethod
    def prepare_site(cls, site):
        cls.tokens = {}
        for role in ("admin", "editor", "author", "contributor"):
            add_user(site, f"{role}@example.org", role)
            cls.tokens[role] = create_token(site, f"{role}@example.org")
        add_user(site, "author2@example.org", "author")
        cls.tokens["author2"] = create_token(site, "author2@example.org")

    def api(self, method, path, body=None, who="editor", headers=None):
        status, headers, raw = call(self.server, method, path, body, headers, token=self.tokens.get(who, who))
        doc = json.loads(raw) if raw and headers.get("content-type", "").endswith("json") else raw
        return status, headers, doc

    def draft(self, who="editor", **fields):
        body = {"lang": "az", "title": "Şuşa bu gün " + str(time.time_ns()), "lead": "Qısa", "body": "Mətn.",
                "section": "analysis"}
        body.update(fields)
        status, headers, doc = self.api("POST", "/api/v1/admin/articles", body, who)
        self.assertEqual(status, 201, doc)
        self.assertEqual(headers["location"], f"/api/v1/admin/articles/{doc['id']}")
        return doc

    def test_requests_without_a_valid_token_are_401(self):
        status, headers, doc = call(self.server, "GET", "/api/v1/admin/me")
        self.assertEqual(status, 401)
        self.assertEqual(headers["content-type"], "application/problem+json")
        self.assertIn("Bearer", headers["www-authenticate"])
        self.assertEqual(self.api("GET", "/api/v1/admin/me", who="qlm_not-a-token")[0], 401)
        status, _, me = self.api("GET", "/api/v1/admin/me", who="author")
        self.assertEqual((status, me["role"], me["email"]), (200, "author", "author@example.org"))

    def test_contributor_writes_and_submits_but_cannot_publish(self):
        piece = self.draft("contributor")
        self.assertEqual(piece["status"], "draft")
        status, _, doc = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": piece["version"]}, "contributor")
        self.assertEqual(status, 403, doc)
        self.assertIn("contributor", doc["detail"])
        status, _, doc = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/submit", {"version": piece["version"]}, "contributor")
        self.assertEqual((status, doc["status"]), (200, "review"))
        # In review it is still theirs to edit; once published it is the editors'.
        status, _, doc = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": doc["version"]}, "editor")
        self.assertEqual((status, doc["status"]), (200, "published"), doc)
        status, _, refused = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"version": doc["version"], "title": "Mine"}, "contributor")
        self.assertEqual(status, 403)
        self.assertEqual(call(self.server, "GET", f"/az/articles/{doc['slug']}")[0], 200)

    def test_author_publishes_own_piece_but_cannot_touch_anothers(self):
        mine = self.draft("author")
        status, _, doc = self.api("POST", f"/api/v1/admin/articles/{mine['id']}/publish", {"version": mine["version"]}, "author")
        self.assertEqual(status, 200, doc)
        theirs = self.draft("author2")
        for method, path, body in (
                ("PATCH", f"/api/v1/admin/articles/{theirs['id']}", {"version": theirs["version"], "title": "x"}),
                ("POST", f"/api/v1/admin/articles/{theirs['id']}/publish", {"version": theirs["version"]}),
                ("DELETE", f"/api/v1/admin/articles/{theirs['id']}?version={theirs['version']}", None)):
            status, _, doc = self.api(method, path, body, "author")
            self.assertEqual(status, 404, (method, path, doc))  # another's draft is not theirs to see
        status, _, doc = self.api("GET", f"/api/v1/admin/articles/{theirs['id']}", who="author2")
        self.assertEqual(doc["version"], theirs["version"])  # unchanged
        status, _, out = self.api("POST", f"/api/v1/admin/articles/{theirs['id']}/publish", {"version": theirs["version"]},
                                  "author2")
        self.assertEqual(status, 200, out)
        for method, path, body in (
                ("PATCH", f"/api/v1/admin/articles/{theirs['id']}", {"version": out["version"], "title": "x"}),
                ("POST", f"/api/v1/admin/articles/{theirs['id']}/unpublish", {"version": out["version"]}),
                ("DELETE", f"/api/v1/admin/articles/{theirs['id']}?version={out['version']}", None)):
            status, _, doc = self.api(method, path, body, "author")
            self.assertEqual(status, 403, (method, path, doc))  # published: readable, still not theirs

    def test_validation_failures_list_each_field(self):
        status, headers, doc = self.api("POST", "/api/v1/admin/articles",
                                        {"lang": "fr", "title": "", "section": "no-such", "tags": "x", "colour": 1})
        self.assertEqual(status, 400)
        self.assertEqual(headers["content-type"], "application/problem+json")
        fields = {e["field"] for e in doc["errors"]}
        self.assertEqual(fields, {"tags", "colour"})  # type errors first, before any lookups
        status, _, doc = self.api("POST", "/api/v1/admin/articles", {"lang": "fr", "title": " ", "section": "no-such", "slug": "Bad Slug"})
        self.assertEqual(status, 400)
        self.assertEqual({e["field"] for e in doc["errors"]}, {"lang", "title", "section", "slug"})
        status, _, doc = call(self.server, "POST", "/api/v1/admin/articles", b"{not json", {"Content-Type": "application/json"}, self.tokens["editor"])
        self.assertEqual(status, 400)
        status, _, doc = call(self.server, "POST", "/api/v1/admin/articles", b"title=x", {"Content-Type": "application/x-www-form-urlencoded"}, self.tokens["editor"])
        self.assertEqual(status, 415)
        status, _, _ = self.api("GET", "/api/v1/admin/articles?status=lost")
        self.assertEqual(status, 400)
        status, _, doc = self.api("GET", "/api/v1/admin/articles?lang=fr")
        self.assertEqual((status, doc["errors"][0]["field"]), (400, "lang"))

    def test_the_second_of_two_concurrent_saves_is_refused(self):
        piece = self.draft()
        first = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"version": piece["version"], "title": "Birinci"})
        second = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"version": piece["version"], "title": "İkinci"}, "admin")
        self.assertEqual(first[0], 200)
        self.assertEqual(second[0], 409)
        self.assertEqual(second[2]["errors"][0]["field"], "version")
        self.assertIn("someone else saved", second[2]["detail"])
        status, headers, now = self.api("GET", f"/api/v1/admin/articles/{piece['id']}")
        self.assertEqual(now["title"], "Birinci")
        self.assertEqual(headers["etag"], f"\"{now['version']}\"")
        # Without a version nothing is saved at all.
        status, _, doc = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"title": "Üçüncü"})
        self.assertEqual((status, doc["errors"][0]["field"]), (400, "version"))
        # If-Match works as the version too.
        status, _, doc = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"title": "Üçüncü"},
                                  headers={"If-Match": f"\"{now['version']}\""})
        self.assertEqual((status, doc["title"]), (200, "Üçüncü"))

    def test_every_save_is_a_revision(self):
        piece = self.draft()
        v = piece["version"]
        for title in ("A", "B"):
            _, _, doc = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}", {"version": v, "title": title})
            v = doc["version"]
        status, _, doc = self.api("GET", f"/api/v1/admin/articles/{piece['id']}/revisions")
        self.assertEqual([r["version"] for r in doc["items"]], [v, v - 1, v - 2])
        self.assertTrue(all(r["actor"].startswith("editor@example.org") for r in doc["items"]))

    def test_disabled_users_and_revoked_tokens_stop_working(self):
        add_user(self.site, "leaving@example.org", "editor")
        token = create_token(self.site, "leaving@example.org")
        self.assertEqual(self.api("GET", "/api/v1/admin/me", who=token)[0], 200)
        self.assertEqual(run_qalam("user", "disable", "--site", self.site.dir, "leaving@example.org").returncode, 0)
        self.assertEqual(self.api("GET", "/api/v1/admin/me", who=token)[0], 401)
        add_user(self.site, "other@example.org", "editor")
        token = create_token(self.site, "other@example.org")
        listing = run_qalam("token", "list", "--site", self.site.dir).stdout
        token_id = [line.split("\t")[0] for line in listing.splitlines() if "other@example.org" in line][0]
        self.assertEqual(run_qalam("token", "revoke", "--site", self.site.dir, token_id).returncode, 0)
        self.assertEqual(self.api("GET", "/api/v1/admin/me", who=token)[0], 401)

    def test_publishing_needs_alt_texts(self):
        piece = self.draft(image="https://example.org/a.jpg", body="Mətn ![](/media/x.webp) son.")
        status, _, doc = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": piece["version"]})
        self.assertEqual(status, 400)
        self.assertEqual({e["field"] for e in doc["errors"]}, {"image_alt", "body"})
        _, _, fixed = self.api("PATCH", f"/api/v1/admin/articles/{piece['id']}",
                               {"version": piece["version"], "image_alt": "Şuşa qalası", "body": "Mətn ![Qala](/media/x.webp)"})
        status, _, doc = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": fixed["version"]})
        self.assertEqual(status, 200, doc)

    def test_scheduled_pieces_appear_at_their_time(self):
        piece = self.draft()
        at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 2))
        status, _, doc = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/schedule", {"version": piece["version"], "published_at": at})
        self.assertEqual((status, doc["status"]), (200, "scheduled"), doc)
        self.assertEqual(call(self.server, "GET", f"/az/articles/{doc['slug']}")[0], 404)
        past = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() - 60))
        other = self.draft()
        status, _, refused = self.api("POST", f"/api/v1/admin/articles/{other['id']}/schedule", {"version": other["version"], "published_at": past})
        self.assertEqual((status, refused["errors"][0]["field"]), (400, "published_at"))
        deadline = time.time() + 10
        while time.time() < deadline and call(self.server, "GET", f"/az/articles/{doc['slug']}")[0] != 200:
            time.sleep(0.2)
        self.assertEqual(call(self.server, "GET", f"/az/articles/{doc['slug']}")[0], 200)
        _, _, now = self.api("GET", f"/api/v1/admin/articles/{piece['id']}")
        self.assertEqual(now["status"], "published")

    def test_translations_link_and_show_on_the_public_site(self):
        az = self.draft(title="Bakı forumu " + str(time.time_ns()))
        status, _, en = self.api("POST", "/api/v1/admin/articles",
                                 {"lang": "en", "title": "Baku forum " + str(time.time_ns()), "body": "Text.", "translation_of": az["id"]})
        self.assertEqual(status, 201, en)
        self.assertEqual(en["translation_group"], az["translation_group"])
        status, _, dup = self.api("POST", "/api/v1/admin/articles",
                                  {"lang": "en", "title": "Another", "body": "x", "translation_of": az["id"]})
        self.assertEqual(status, 409, dup)
        for p in (az, en):
            status, _, doc = self.api("POST", f"/api/v1/admin/articles/{p['id']}/publish", {"version": p["version"]})
            self.assertEqual(status, 200, doc)
        status, _, page = call(self.server, "GET", f"/az/articles/{az['slug']}")
        self.assertIn(f'hreflang="en" href="http://127.0.0.1:8080/en/articles/{en["slug"]}"'.encode(), page)
        status, _, doc = call(self.server, "GET", f"/api/v1/articles/az/{az['slug']}")
        self.assertEqual([t["lang"] for t in json.loads(doc)["translations"]], ["en"])

    def test_delete_and_unpublish(self):
        piece = self.draft()
        _, _, pub = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/publish", {"version": piece["version"]})
        status, _, un = self.api("POST", f"/api/v1/admin/articles/{piece['id']}/unpublish", {"version": pub["version"]})
        self.assertEqual((status, un["status"]), (200, "unpublished"))
        self.assertEqual(call(self.server, "GET", f"/az/articles/{piece['slug']}")[0], 404)
        status, _, _ = self.api("DELETE", f"/api/v1/admin/articles/{piece['id']}?version={pub['version']}")
        self.assertEqual(status, 409)  # stale
        status, _, _ = self.api("DELETE", f"/api/v1/admin/articles/{piece['id']}?version={un['version']}")
        self.assertEqual(status, 204)
        self.assertEqual(self.api("GET", f"/api/v1/admin/articles/{piece['id']}")[0], 404)

    def test_audit_log_is_for_admins(self):
        self.draft()
        self.assertEqual(self.api("GET", "/api/v1/admin/audit", who="editor")[0], 403)
        status, _, doc = self.api("GET", "/api/v1/admin/audit?limit=500", who="admin")
        self.assertEqual(status, 200)
        actions = {e["action"] for e in doc["items"]}
        self.assertTrue({"user.add", "token.create", "article.create"} <= actions, actions)


class UploadTest(EditorTokenTestCase):
    config = {"media.upload_limit_bytes": "2000000"}

    def upload(self, data, content_type="image/png", alt="A gradient"):
        status, headers, raw = call(self.server, "POST", "/api/v1/admin/media?alt=" + alt.replace(" ", "%20"), data,
                                    {"Content-Type": content_type}, self.token)
        return status, json.loads(raw) if raw else None

    def test_a_real_image_gets_webp_variants_served_under_media(self):
        status, doc = self.upload(png(1000, 600))
        self.assertEqual(status, 201, doc)
        self.assertEqual((doc["width"], doc["height"], doc["mime"]), (1000, 600, "image/png"))
        self.assertEqual([v["width"] for v in doc["variants"]], [480, 960, 1000])
        status, headers, body = call(self.server, "GET", doc["variants"][0]["url"])
        self.assertEqual((status, headers["content-type"]), (200, "image/webp"))
        self.assertEqual(body[:4] + body[8:12], b"RIFFWEBP")
        status, headers, body = call(self.server, "GET", doc["url"])
        self.assertEqual(status, 200)
        # Re-encoded without metadata (test_media_privacy.py), the same size.
        self.assertEqual(body[:8], b"\x89PNG\r\n\x1a\n")
        self.assertEqual(struct.unpack(">II", body[16:24]), (1000, 600))
        self.assertIn("immutable", headers["cache-control"])
        self.assertIn("480w", doc["srcset"])

    def test_gif_and_webp_are_taken_too(self):
        gif = bytes.fromhex("47494638396101000100800000ffffff00000021f90401000000002c00000000010001000002024401003b")
        status, doc = self.upload(gif, "image/gif", "A dot")
        self.assertEqual(status, 201, doc)
        self.assertEqual((doc["mime"], doc["width"], doc["height"]), ("image/gif", 1, 1))
        _, made = self.upload(png(700, 300))
        _, _, webp = call(self.server, "GET", made["variants"][0]["url"])
        status, doc = self.upload(webp, "application/octet-stream", "Again")  # the claimed type does not matter
        self.assertEqual(status, 201, doc)
        self.assertEqual((doc["mime"], doc["width"]), ("image/webp", 480))

    def test_multipart_upload_as_a_form_sends_it(self):
        boundary = "qalamtest"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nBoz\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n"
                f"Content-Type: image/png\r\n\r\n").encode() + png(300, 200) + f"\r\n--{boundary}--\r\n".encode()
        status, doc = self.upload(body, f"multipart/form-data; boundary={boundary}")
        self.assertEqual(status, 201, doc)
        self.assertEqual((doc["alt"], [v["width"] for v in doc["variants"]]), ("Boz", [300]))

    def test_a_php_file_named_jpg_is_refused(self):
        before = self.site.media_files()
        status, doc = self.upload(b"<?php system($_GET['c']); ?>\n", "image/jpeg")
        self.assertEqual(status, 400)
        self.assertEqual(doc["errors"][0]["field"], "file")
        self.assertIn("not a JPEG, PNG, WebP or GIF", doc["detail"])
        self.assertEqual(self.site.media_files(), before)

    def test_a_truncated_image_is_refused_and_nothing_is_kept(self):
        before = self.site.media_files()
        whole = png(800, 500)
        status, doc = self.upload(whole[:len(whole) // 2])
        self.assertEqual(status, 400, doc)
        self.assertEqual(self.site.media_files(), before)

    def test_an_image_of_30000_by_30000_pixels_is_refused_before_decoding(self):
        huge = png(30000, 30000, rgb=False)
        self.assertLess(len(huge), 2000000)
        status, doc = self.upload(huge)
        self.assertEqual(status, 400, doc)
        self.assertIn("30000 × 30000", doc["detail"])

    def test_files_over_the_limit_are_413(self):
        head = ("POST /api/v1/admin/media HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: image/png\r\n"
                f"Authorization: Bearer {self.token}\r\nContent-Length: 2200000\r\n\r\n").encode()
        with self.server.connect() as s:
            s.sendall(head + b"\x89PNG\r\n\x1a\n")
            answer = s.recv(65536)
        self.assertTrue(answer.startswith(b"HTTP/1.1 413"), answer[:100])
        self.assertIn(b"larger than 2065536 bytes", answer)  # the upload limit (+ room for a form)
        # Far past it too: the message still quotes the upload limit, not the general one.
        with self.server.connect() as s:
            s.sendall(head.replace(b"2200000", b"30000000") + b"\x89PNG\r\n\x1a\n")
            answer = s.recv(65536)
        self.assertIn(b"larger than 2065536 bytes", answer)


class ScheduleAcrossRestartTest(unittest.TestCase):
    def test_a_time_missed_while_down_is_published_at_start_up(self):
        site = Site(demo=True)
        site.edit_config({"newsroom.scheduler_interval_ms": "3600000"})  # only the start-up run counts
        add_user(site, "editor@example.org", "editor")
        token = create_token(site, "editor@example.org")
        server = Server(site)
        try:
            _, _, raw = call(server, "POST", "/api/v1/admin/articles",
                             {"lang": "en", "title": "While the server slept", "body": "Text."}, token=token)
            piece = json.loads(raw)
            at = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(time.time() + 2))
            status, _, raw = call(server, "POST", f"/api/v1/admin/articles/{piece['id']}/schedule",
                                  {"version": piece["version"], "published_at": at}, token=token)
            self.assertEqual(status, 200, raw)
            server.stop()
            time.sleep(3)
            server = Server(site)
            self.assertEqual(call(server, "GET", "/en/articles/while-the-server-slept")[0], 200)
        finally:
            server.stop()
            site.cleanup()


class ContentApiTest(QalamTestCase):
    def get(self, path):
        status, headers, raw = call(self.server, "GET", path)
        return status, headers, json.loads(raw)

    def walk(self, limit):
        seen, cursor = [], None
        while True:
            status, _, doc = self.get(f"/api/v1/articles?lang=en&limit={limit}" + (f"&cursor={cursor}" if cursor else ""))
            self.assertEqual(status, 200)
            seen += [(a["published_at"], a["slug"]) for a in doc["items"]]
            cursor = doc["next_cursor"]
            if not cursor:
                return seen

    def test_cursor_pagination_walks_every_published_article_once(self):
        small, large = self.walk(7), self.walk(100)
        self.assertEqual(small, large)
        self.assertEqual(len(small), len(set(small)))
        self.assertGreater(len(small), 100)
        self.assertEqual(small, sorted(small, key=lambda x: x[0], reverse=True))

    def test_filters_and_bad_parameters(self):
        _, _, sections = self.get("/api/v1/sections?lang=az")
        slug = sections["items"][0]["slug"]
        status, _, doc = self.get(f"/api/v1/articles?section={slug}")
        self.assertEqual(status, 200)
        self.assertTrue(all(a["section"]["slug"] == slug for a in doc["items"]))
        for bad in ("lang=xx", "limit=0", "limit=abc", "cursor=zzz", "section=nope", "author=nope"):
            status, headers, doc = self.get("/api/v1/articles?" + bad)
            self.assertEqual(status, 400, bad)
            self.assertEqual(headers["content-type"], "application/problem+json")
        _, _, authors = self.get("/api/v1/authors")
        a = authors["items"][0]["slug"]
        _, _, doc = self.get(f"/api/v1/articles?author={a}")
        self.assertTrue(all(any(x["slug"] == a for x in art["authors"]) for art in doc["items"]))

    def test_every_collection_answers(self):
        for path in ("/api/v1/authors", "/api/v1/sections", "/api/v1/tags", "/api/v1/press-items", "/api/v1/projects"):
            status, headers, doc = self.get(path)
            self.assertEqual(status, 200, path)
            self.assertIsInstance(doc["items"], list)
        _, _, projects = self.get("/api/v1/projects")
        for p in projects["items"]:
            self.assertEqual(self.get(f"/api/v1/projects/{p['slug']}")[0], 200)
            self.assertEqual(self.get(f"/api/v1/projects/{p['slug']}/missions")[0], 200)
        self.assertEqual(self.get("/api/v1/projects/nope")[0], 404)
        self.assertEqual(self.get("/api/v1/articles/en/nope")[0], 404)

    def test_the_openapi_document_is_served(self):
        status, _, doc = self.get("/api/v1/openapi.json")
        self.assertEqual((status, doc["openapi"]), (200, "3.1.0"))
        self.assertIn("/api/v1/admin/articles/{id}/publish", doc["paths"])


class ContentKeyTest(QalamTestCase):
    config = {"api.content_key": '"0123456789abcdef-key"'}

    def test_the_content_api_needs_the_key_when_one_is_set(self):
        self.assertEqual(call(self.server, "GET", "/api/v1/articles")[0], 401)
        self.assertEqual(call(self.server, "GET", "/api/v1/articles?key=wrong")[0], 401)
        self.assertEqual(call(self.server, "GET", "/api/v1/articles?key=0123456789abcdef-key")[0], 200)
        self.assertEqual(call(self.server, "GET", "/api/v1/authors", headers={"X-Qalam-Key": "0123456789abcdef-key"})[0], 200)
        self.assertEqual(call(self.server, "GET", "/api/v1/openapi.json")[0], 200)  # the document stays public


if __name__ == "__main__":
    unittest.main()
