"""The editors' UI over real HTTP: sign-in and its throttling, session cookies and
expiry, CSRF on every form, security headers, the permission rules as the UI
enforces them, concurrent edits, revisions, preview links, and the pages' languages."""
import http.cookiejar
import os
import json
import re
import sqlite3
import time
import unittest
import urllib.error
import urllib.parse
import urllib.request

from harness import advance_clock, QalamTestCase, add_user, call, html_problems, png

PASSWORD = "correct horse battery"


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """A cookie-keeping client that does not follow redirects, like a careful browser."""

    def __init__(self, server, address_header=None):
        self.base = f"http://127.0.0.1:{server.port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), NoRedirect)
        self.headers = {}

    def open(self, method, path, data=None, headers=None):
        body = urllib.parse.urlencode(data, doseq=True).encode() if isinstance(data, dict) else data
        req = urllib.request.Request(self.base + path, data=body, method=method, headers={**self.headers, **(headers or {})})
        if isinstance(data, dict):
            req.add_header("Content-Type", "application/x-www-form-urlencoded")
        try:
            with self.opener.open(req, timeout=30) as r:
                return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as e:
            return e.code, {k.lower(): v for k, v in e.headers.items()}, e.read().decode("utf-8", "replace")

    def get(self, path, **kw):
        return self.open("GET", path, **kw)

    def post(self, path, data, **kw):
        return self.open("POST", path, data, **kw)

    def cookie(self, name):
        for c in self.jar:
            if c.name == name:
                return c
        return None

    def sign_in(self, email, password=PASSWORD):
        status, _, page = self.get("/newsroom/sign-in")
        nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
        return self.post("/newsroom/sign-in", {"nonce": nonce, "email": email, "password": password, "next": "/newsroom/"})

    def csrf(self, path="/newsroom/"):
        _, _, page = self.get(path)
        return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def raw_session_cookie(server, email):
    """Signs in over a raw socket and returns the session's Set-Cookie value exactly as
    sent (urllib folds repeated Set-Cookie headers)."""
    _, _, page = Browser(server).get("/newsroom/sign-in")
    nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
    form = urllib.parse.urlencode({"nonce": nonce, "email": email, "password": PASSWORD}).encode()
    raw = server.request(b"POST /newsroom/sign-in HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                         b"Content-Type: application/x-www-form-urlencoded\r\n"
                         b"Cookie: qalam_sign_in=" + nonce.encode() + b"\r\n"
                         b"Content-Length: " + str(len(form)).encode() + b"\r\n\r\n" + form).decode()
    return re.search(r"Set-Cookie: (qalam_session=[^\r]*)", raw).group(1)


class NewsroomUiTest(QalamTestCase):
    server_args = ("--test-clock",)
    config = {"analytics.flush_interval_ms": "200", "server.trusted_proxies": '"127.0.0.1, ::1"'}

    @classmethod
    def prepare_site(cls, site):
        for role in ("admin", "editor", "author", "contributor"):
            add_user(site, f"{role}@example.org", role)
        add_user(site, "author2@example.org", "author")
        add_user(site, "leyla@example.org", "editor", name="Leyla Məmmədova")

    def browser(self, email=None):
        b = Browser(self.server)
        if email:
            status, headers, _ = b.sign_in(email)
            self.assertEqual(status, 303, headers)
        return b

    def new_piece(self, b, title=None, **fields):
        data = {"csrf": b.csrf(), "lang": "az", "title": title or f"Yazı {time.time_ns()}", "lead": "Lid", "body": "Mətn",
                "section": "analysis", "authors_present": "1", "featured_present": "1", "action": "save"}
        data.update(fields)
        status, headers, page = b.post("/newsroom/pieces", data)
        self.assertEqual(status, 303, page[:3000])
        piece_id = int(re.search(r"/newsroom/pieces/(\d+)", headers["location"]).group(1))
        return piece_id

    def form_of(self, b, piece_id):
        _, _, page = b.get(f"/newsroom/pieces/{piece_id}")
        version = re.search(r'name="version" value="(\d+)"', page).group(1)
        csrf = re.search(r'name="csrf" value="([^"]+)"', page).group(1)
        return {"csrf": csrf, "version": version, "authors_present": "1", "featured_present": "1", "lang": "az"}, page

    def db(self):
        return sqlite3.connect(os.path.join(self.site.dir, "qalam.db"))

    def test_signed_out_visitors_are_sent_to_sign_in(self):
        status, headers, _ = self.browser().get("/newsroom/pieces?status=draft")
        self.assertEqual(status, 303)
        self.assertEqual(headers["location"], "/newsroom/sign-in?next=/newsroom/pieces?status=draft")
        status, _, _ = self.browser().post("/newsroom/pieces", {"title": "x"})
        self.assertEqual(status, 401)

    def test_session_cookie_is_httponly_lax_and_stored_hashed(self):
        b = self.browser("editor@example.org")
        raw = b.cookie("qalam_session").value
        self.assertEqual(len(raw), 43)
        set_cookie = raw_session_cookie(self.server, "editor@example.org")
        self.assertIn("HttpOnly", set_cookie)
        self.assertIn("SameSite=Lax", set_cookie)
        self.assertNotIn("Secure", set_cookie)  # the test site is http
        with self.db() as db:
            hashes = [r[0] for r in db.execute("SELECT token_hash FROM sessions")]
        self.assertNotIn(raw, hashes)
        self.assertTrue(all(len(h) == 64 for h in hashes))

    def test_security_headers_on_every_newsroom_page(self):
        b = self.browser("admin@example.org")
        for path in ("/newsroom/sign-in", "/newsroom/", "/newsroom/pieces", "/newsroom/users", "/newsroom/pieces/new"):
            status, headers, page = b.get(path)
            self.assertEqual(status, 200, path)
            csp = headers["content-security-policy"]
            self.assertIn("frame-ancestors 'none'", csp)
            self.assertIn("script-src 'self'", csp)
            self.assertNotIn("unsafe-inline", csp)
            self.assertEqual(headers["x-content-type-options"], "nosniff")
            self.assertEqual(headers["referrer-policy"], "no-referrer")
            self.assertEqual(headers["cache-control"], "no-store")
            self.assertNotRegex(page, r"<script>|<script [^>]*>[^<]+</script>|\son[a-z]+=\"")  # no inline script

    def test_state_changing_forms_need_the_csrf_token(self):
        b = self.browser("editor@example.org")
        piece_id = self.new_piece(b)
        form, _ = self.form_of(b, piece_id)
        for bad in (None, "wrong", ""):
            data = dict(form, title="Hijacked", action="save")
            if bad is None:
                del data["csrf"]
            else:
                data["csrf"] = bad
            status, _, page = b.post(f"/newsroom/pieces/{piece_id}", data)
            self.assertEqual(status, 403, bad)
        _, page = self.form_of(b, piece_id)
        self.assertNotIn("Hijacked", page)
        # Another user's token is no good either.
        other = self.browser("admin@example.org")
        status, _, _ = b.post("/newsroom/sign-out-everywhere", {"csrf": other.csrf()})
        self.assertEqual(status, 403)
        self.assertEqual(b.get("/newsroom/")[0], 200)
        # Sign-in itself needs the form's nonce to match its cookie.
        fresh = Browser(self.server)
        status, _, _ = fresh.post("/newsroom/sign-in", {"nonce": "forged", "email": "editor@example.org", "password": PASSWORD})
        self.assertEqual(status, 403)

    def test_sessions_end_when_idle_when_old_and_everywhere(self):
        # Time passes on the server's test clock (--test-clock), not by editing rows.
        b = self.browser("author@example.org")
        self.assertEqual(b.get("/newsroom/")[0], 200)
        advance_clock(self.server, 11 * 3600)  # eleven idle hours: still signed in
        self.assertEqual(b.get("/newsroom/")[0], 200)
        advance_clock(self.server, 13 * 3600)  # thirteen idle hours
        self.assertEqual(b.get("/newsroom/")[0], 303)
        b = self.browser("author@example.org")
        busy_hours = 0
        while b.get("/newsroom/")[0] == 200 and busy_hours < 20 * 24:  # busy every eleven hours …
            advance_clock(self.server, 11 * 3600)
            busy_hours += 11
        self.assertEqual(busy_hours, 341)  # … ended past the absolute limit of 14 days (336 h), not before
        first, second = self.browser("author@example.org"), self.browser("author@example.org")
        status, headers, _ = first.post("/newsroom/sign-out-everywhere", {"csrf": first.csrf()})
        self.assertEqual((status, headers["location"]), (303, "/newsroom/sign-in"))
        self.assertEqual(second.get("/newsroom/")[0], 303)

    def test_a_disabled_users_session_stops_working(self):
        add_user(self.site, "gone@example.org", "editor")
        b = self.browser("gone@example.org")
        admin = self.browser("admin@example.org")
        with self.db() as db:
            uid = db.execute("SELECT id FROM users WHERE email = 'gone@example.org'").fetchone()[0]
        status, _, _ = admin.post(f"/newsroom/users/{uid}", {"csrf": admin.csrf(), "action": "disable"})
        self.assertEqual(status, 303)
        self.assertEqual(b.get("/newsroom/")[0], 303)
        self.assertEqual(Browser(self.server).sign_in("gone@example.org")[0], 401)

    def test_sign_in_is_throttled_per_account(self):
        add_user(self.site, "target@example.org", "author")
        b = Browser(self.server)
        for _ in range(4):
            self.assertEqual(b.sign_in("target@example.org", "wrong password")[0], 401)
        failed_at = time.monotonic()  # before the fifth failure: the server's wait starts later
        self.assertEqual(b.sign_in("target@example.org", "wrong password")[0], 401)
        status, headers, page = b.sign_in("target@example.org")  # even the right password waits …
        if status == 303:
            # … unless the machine was so loaded that the first wait (1 s) had passed.
            self.assertGreaterEqual(time.monotonic() - failed_at, 1.0, "signed in without waiting")
            return
        self.assertEqual(status, 429)
        wait = int(headers["retry-after"])
        self.assertGreaterEqual(wait, 1)
        advance_clock(self.server, wait + 1)  # the wait passes on the server's clock
        self.assertEqual(b.sign_in("target@example.org")[0], 303)

    def test_contributor_cannot_publish_in_the_ui(self):
        b = self.browser("contributor@example.org")
        piece_id = self.new_piece(b)
        form, page = self.form_of(b, piece_id)
        self.assertNotIn('value="publish"', page)  # no button to press
        status, _, page = b.post(f"/newsroom/pieces/{piece_id}", dict(form, title="T", action="publish"))
        self.assertEqual(status, 403)
        status, headers, _ = b.post(f"/newsroom/pieces/{piece_id}", dict(form, title="T", action="submit"))
        self.assertEqual(status, 303)
        _, page = self.form_of(b, piece_id)
        self.assertIn('id="piece-status">yoxlamada<', page)

    def test_author_cannot_edit_another_authors_piece_in_the_ui(self):
        owner = self.browser("author2@example.org")
        piece_id = self.new_piece(owner, title="Sahibin yazısı")
        intruder = self.browser("author@example.org")
        self.assertEqual(intruder.get(f"/newsroom/pieces/{piece_id}")[0], 404)  # another's draft is not shown
        form, _ = self.form_of(owner, piece_id)
        form["csrf"] = intruder.csrf()
        status, _, _ = intruder.post(f"/newsroom/pieces/{piece_id}", dict(form, title="Oğurlandı", action="save"))
        self.assertEqual(status, 404)
        _, page = self.form_of(owner, piece_id)
        self.assertIn("Sahibin yazısı", page)

    def test_the_second_of_two_concurrent_edits_is_refused_and_keeps_its_text(self):
        a, b = self.browser("editor@example.org"), self.browser("admin@example.org")
        piece_id = self.new_piece(a)
        form_a, _ = self.form_of(a, piece_id)
        form_b, _ = self.form_of(b, piece_id)
        self.assertEqual(a.post(f"/newsroom/pieces/{piece_id}", dict(form_a, title="Birinci redaktə", action="save"))[0], 303)
        status, _, page = b.post(f"/newsroom/pieces/{piece_id}", dict(form_b, title="İkinci redaktə", body="Mənim mətnim",
                                                                      section="politics", action="save"))
        self.assertEqual(status, 409)
        # Said in the desk's language (Azerbaijani here), beside the field's human name.
        self.assertIn("bu yazını başqası saxladı", page)
        self.assertIn('<a href="#field-version">Versiya</a>', page)
        self.assertIn("Mənim mətnim", page)  # nothing typed is lost
        self.assertIn('<option value="politics" selected>', page)  # the section chosen, too
        _, page = self.form_of(a, piece_id)
        self.assertIn("Birinci redaktə", page)

    def test_revisions_diff_and_restore(self):
        b = self.browser("leyla@example.org")
        piece_id = self.new_piece(b, title="Köhnə başlıq")
        form, _ = self.form_of(b, piece_id)
        b.post(f"/newsroom/pieces/{piece_id}", dict(form, title="Yeni başlıq", body="Yeni mətn", action="save"))
        status, _, page = b.get(f"/newsroom/pieces/{piece_id}/revisions")
        self.assertEqual(status, 200)
        # Word by word, inline, under the field's name; the saver named, not their email.
        self.assertIn("<h3>Başlıq</h3>", page)
        self.assertIn("<p><del>Köhnə </del><ins>Yeni </ins>başlıq</p>", page)
        self.assertIn("<p><del>Mətn</del><ins>Yeni mətn</ins></p>", page)
        self.assertNotIn("<h3>Slaq</h3>", page)  # unchanged fields are left out
        self.assertIn("<td>Leyla Məmmədova</td>", page)
        self.assertNotIn("<td>leyla@example.org</td>", page)
        form, _ = self.form_of(b, piece_id)
        status, _, _ = b.post(f"/newsroom/pieces/{piece_id}/restore", {"csrf": form["csrf"], "version": form["version"], "revision": "1"})
        self.assertEqual(status, 303)
        _, page = self.form_of(b, piece_id)
        self.assertIn('value="Köhnə başlıq"', page)

    def test_previews_and_shared_links(self):
        b = self.browser("editor@example.org")
        piece_id = self.new_piece(b, title="Gizli layihə", slug="gizli-layihe")
        status, headers, page = b.get(f"/newsroom/pieces/{piece_id}/preview")
        self.assertEqual(status, 200)
        self.assertIn("Gizli layihə", page)
        self.assertIn('<meta name="robots" content="noindex, nofollow">', page)
        # A draft with no time yet says so, not "1 yanvar 1970".
        self.assertIn('<span class="not-scheduled">hələ planlaşdırılmayıb</span>', page)
        self.assertNotIn("1970", page)
        self.assertEqual(call(self.server, "GET", "/az/articles/gizli-layihe")[0], 404)
        form, _ = self.form_of(b, piece_id)
        status, _, page = b.post(f"/newsroom/pieces/{piece_id}/preview-links", {"csrf": form["csrf"]})
        link = re.search(r"http://127\.0\.0\.1:8080(/preview/[A-Za-z0-9_-]+)", page).group(1)
        status, headers, body = call(self.server, "GET", link)  # no session needed
        self.assertEqual(status, 200)
        self.assertIn("Gizli layihə".encode(), body)
        self.assertEqual(headers["x-robots-tag"], "noindex, nofollow")
        b.post(f"/newsroom/pieces/{piece_id}/preview-links/revoke", {"csrf": form["csrf"]})
        self.assertEqual(call(self.server, "GET", link)[0], 404)

    def test_times_are_entered_and_shown_in_the_sites_time_zone(self):
        b = self.browser("editor@example.org")
        piece_id = self.new_piece(b)
        form, page = self.form_of(b, piece_id)
        self.assertIn("Asia/Baku vaxtı ilə (UTC+04:00)", page)
        status, _, page = b.post(f"/newsroom/pieces/{piece_id}", dict(form, title="Planlı", body="Mətn",
                                                                      published_at="2030-06-01T09:15", action="schedule"))
        self.assertEqual(status, 303, page[:2000])
        _, page = self.form_of(b, piece_id)
        self.assertIn('name="published_at" type="datetime-local" step="1" value="2030-06-01T09:15:00"', page)
        with self.db() as db:  # 09:15 in Baku is 05:15 UTC
            at = db.execute("SELECT published_at FROM articles WHERE id = ?", (piece_id,)).fetchone()[0]
        self.assertEqual(at, 1906521300)
        # Lists name times in the zone too, and the page says which zone.
        _, _, listing = b.get("/newsroom/")
        self.assertIn("1 iyun 2030, 09:15", listing)
        self.assertIn("Vaxtlar Asia/Baku vaxtı ilə göstərilir", listing)

    def test_autosave_keeps_typed_text_and_offers_it_back_until_saved(self):
        b = self.browser("editor@example.org")
        piece_id = self.new_piece(b, title="Avtomatik", body="Saxlanmış mətn")
        form, _ = self.form_of(b, piece_id)
        status, headers, answer = b.post(f"/newsroom/pieces/{piece_id}/autosave",
                                         dict(form, title="Avtomatik", body="Yazılıb, saxlanmayıb"))
        self.assertEqual(status, 200, answer[:500])
        self.assertIn("qorundu", json.loads(answer)["saved"])
        # Opened again (a closed tab), the piece offers the typed text back.
        _, _, page = b.get(f"/newsroom/pieces/{piece_id}")
        self.assertIn('id="autosave-offer"', page)
        self.assertIn("Saxlanmış mətn", page)  # the form shows the saved text until restored
        _, _, page = b.get(f"/newsroom/pieces/{piece_id}?restore=autosave")
        self.assertIn("Yazılıb, saxlanmayıb", page)
        self.assertNotIn('id="autosave-offer"', page)
        # Another account sees nothing of it; discarding or saving ends it.
        _, _, other = self.browser("admin@example.org").get(f"/newsroom/pieces/{piece_id}")
        self.assertNotIn('id="autosave-offer"', other)
        status, headers, _ = b.post(f"/newsroom/pieces/{piece_id}/autosave/discard", {"csrf": form["csrf"]})
        self.assertEqual((status, headers["location"]), (303, f"/newsroom/pieces/{piece_id}"))
        self.assertNotIn('id="autosave-offer"', b.get(f"/newsroom/pieces/{piece_id}")[2])
        b.post(f"/newsroom/pieces/{piece_id}/autosave", dict(form, title="Avtomatik", body="Yenə"))
        self.assertEqual(b.post(f"/newsroom/pieces/{piece_id}", dict(form, title="Avtomatik", body="Yenə", action="save"))[0], 303)
        self.assertNotIn('id="autosave-offer"', b.get(f"/newsroom/pieces/{piece_id}")[2])
        # Bad input: a piece that is not there, a body past the limit, no CSRF token.
        self.assertEqual(b.post("/newsroom/pieces/999999/autosave", dict(form, title="x"))[0], 404)
        status, _, page = b.post(f"/newsroom/pieces/{piece_id}/autosave", dict(form, body="a" * 1_000_001))
        self.assertEqual(status, 400)
        self.assertIn("çox uzundur", page)
        self.assertEqual(b.post(f"/newsroom/pieces/{piece_id}/autosave", {"title": "x"})[0], 403)

    def test_a_translation_is_made_beside_its_source_and_flagged_when_the_source_changes(self):
        b = self.browser("editor@example.org")
        source_id = self.new_piece(b, title="Mənbə yazı", body="Birinci mətn")
        # Adding a translation shows the source beside the form.
        _, _, page = b.get(f"/newsroom/pieces/new?translation_of={source_id}&lang=en")
        self.assertIn('<details class="source" id="source" open>', page)
        self.assertIn('<h2 class="source-title">Mənbə yazı</h2>', page)
        self.assertIn("<p>Birinci mətn</p>", page)
        data = {"csrf": b.csrf(), "lang": "en", "title": "Source piece", "body": "First text", "translation_of": str(source_id),
                "authors_present": "1", "featured_present": "1", "action": "save"}
        status, headers, _ = b.post("/newsroom/pieces", data)
        self.assertEqual(status, 303)
        translation_id = int(re.search(r"/newsroom/pieces/(\d+)", headers["location"]).group(1))
        _, page = self.form_of(b, translation_id)
        self.assertIn('<details class="source" id="source">', page)  # closed while nothing changed
        self.assertNotIn('id="source-changed"', page)
        # The source's text changes: the translation's desk says so and links the changes.
        form, _ = self.form_of(b, source_id)
        b.post(f"/newsroom/pieces/{source_id}", dict(form, title="Mənbə yazı", body="İkinci mətn", action="save"))
        form, page = self.form_of(b, translation_id)
        self.assertIn('id="source-changed"', page)
        self.assertIn(f"/newsroom/pieces/{source_id}/revisions?from=1&amp;to=2", page)
        status, headers, _ = b.post(f"/newsroom/pieces/{translation_id}/translation-current", {"csrf": form["csrf"], "version": form["version"]})
        self.assertEqual(status, 303)
        self.assertNotIn('id="source-changed"', self.form_of(b, translation_id)[1])
        # A piece that is no translation cannot be marked; a stale version is a clash.
        self.assertEqual(b.post(f"/newsroom/pieces/{source_id}/translation-current", {"csrf": form["csrf"], "version": "2"})[0], 400)
        self.assertEqual(b.post(f"/newsroom/pieces/{translation_id}/translation-current", {"csrf": form["csrf"], "version": form["version"]})[0], 409)

    def test_publishing_an_image_needs_alt_text_in_the_ui(self):
        b = self.browser("editor@example.org")
        piece_id = self.new_piece(b, image="https://example.org/x.jpg")
        form, _ = self.form_of(b, piece_id)
        status, _, page = b.post(f"/newsroom/pieces/{piece_id}", dict(form, image="https://example.org/x.jpg", action="publish"))
        self.assertEqual(status, 400)
        self.assertIn('href="#field-image_alt"', page)

    def test_upload_through_the_media_page(self):
        b = self.browser("author@example.org")
        csrf = b.csrf("/newsroom/media")
        boundary = "----qalam"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"alt\"\r\n\r\nQala\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"q.png\"\r\n"
                "Content-Type: image/png\r\n\r\n").encode() + png(640, 400) + f"\r\n--{boundary}--\r\n".encode()
        status, headers, _ = b.open("POST", "/newsroom/media", body, {"Content-Type": f"multipart/form-data; boundary={boundary}"})
        self.assertEqual(status, 303)
        _, _, page = b.get(headers["location"])
        self.assertRegex(page, r"/media/[A-Za-z0-9_-]+\.png")

    def upload_json(self, b, width=320, height=200):
        csrf = b.csrf("/newsroom/media")
        boundary = "----qalamjson"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"d.png\"\r\n"
                "Content-Type: image/png\r\n\r\n").encode() + png(width, height) + f"\r\n--{boundary}--\r\n".encode()
        return b.open("POST", "/newsroom/media", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                         "Accept": "application/json"})

    def test_the_library_describes_finds_and_deletes_images_and_knows_where_they_are_used(self):
        b = self.browser("editor@example.org")
        # The editor's drag and drop uploads for JSON: the image as the script needs it.
        status, _, raw = self.upload_json(b)
        self.assertEqual(status, 201, raw[:300])
        item = json.loads(raw)
        self.assertRegex(item["url"], r"^/media/[A-Za-z0-9_-]+\.png$")
        name = item["name"]
        csrf = b.csrf("/newsroom/media")
        # Described once: alt text, caption, credit (for JSON too).
        status, _, raw = b.post(f"/newsroom/media/{name}/details", {"csrf": csrf, "alt": "Xan sarayı", "caption": "Şəki, 2025",
                                                                   "credit": "Foto: Leyla"}, headers={"Accept": "application/json"})
        self.assertEqual(status, 200, raw[:300])
        self.assertEqual(json.loads(raw)["caption"], "Şəki, 2025")
        self.assertEqual(b.post(f"/newsroom/media/{name}/details", {"csrf": csrf, "alt": "x" * 501})[0], 400)
        # Found by its caption or credit, in the page and in the editor's library.
        _, _, page = b.get("/newsroom/media?q=%C5%9E%C9%99ki")
        self.assertIn(f'href="/newsroom/media/{name}"', page)
        _, _, raw = b.get("/newsroom/media/library.json?q=Leyla")
        self.assertEqual([i["name"] for i in json.loads(raw)], [name])
        _, _, raw = b.get("/newsroom/media/library.json?q=nothing-like-it")
        self.assertEqual(json.loads(raw), [])
        # Used in a piece: listed, and the image cannot be deleted.
        piece_id = self.new_piece(b, title="Şəki yazısı", body=f"![Xan sarayı]({item['url']} \"Şəki, 2025\")")
        _, _, page = b.get(f"/newsroom/media/{name}")
        self.assertIn(f'<a href="/newsroom/pieces/{piece_id}">Şəki yazısı</a>', page)
        status, _, page = b.post(f"/newsroom/media/{name}/delete", {"csrf": csrf})
        self.assertEqual(status, 409)
        self.assertIn("Şəki yazısı", page)
        self.assertEqual(call(self.server, "GET", item["url"])[0], 200)
        # Out of the piece, it goes, files and all.
        form, _ = self.form_of(b, piece_id)
        b.post(f"/newsroom/pieces/{piece_id}", dict(form, title="Şəki yazısı", body="Şəkilsiz", action="save"))
        status, headers, _ = b.post(f"/newsroom/media/{name}/delete", {"csrf": csrf})
        self.assertEqual((status, headers["location"]), (303, "/newsroom/media?deleted=1"))
        self.assertEqual(call(self.server, "GET", item["url"])[0], 404)
        self.assertEqual(b.get(f"/newsroom/media/{name}")[0], 404)
        # Someone else's image: a contributor may neither describe nor delete it.
        _, _, raw = self.upload_json(b)
        other = json.loads(raw)["name"]
        c = self.browser("contributor@example.org")
        self.assertEqual(c.post(f"/newsroom/media/{other}/delete", {"csrf": c.csrf("/newsroom/media")})[0], 403)
        self.assertEqual(c.post(f"/newsroom/media/{other}/details", {"csrf": c.csrf("/newsroom/media"), "alt": "mine"})[0], 403)
        # A file that is no image, for JSON: problem+json naming the field.
        csrf = b.csrf("/newsroom/media")
        boundary = "----qalambad"
        body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n{csrf}\r\n"
                f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n"
                "Content-Type: image/png\r\n\r\nnot an image\r\n--" + boundary + "--\r\n").encode()
        status, _, raw = b.open("POST", "/newsroom/media", body, {"Content-Type": f"multipart/form-data; boundary={boundary}",
                                                                   "Accept": "application/json"})
        self.assertEqual(status, 400)
        self.assertEqual(json.loads(raw)["errors"][0]["code"], "not_an_image")

    def test_an_account_linked_to_its_author_profile_starts_pieces_under_that_byline(self):
        add_user(self.site, "vasif@example.org", "contributor", name="Vasif")
        admin = self.browser("admin@example.org")
        _, _, page = admin.get("/newsroom/users")
        user_id = re.search(r"<td>vasif@example.org</td>.*?/newsroom/users/(\d+)", page, re.S).group(1)
        csrf = admin.csrf("/newsroom/users")
        status, _, page = admin.post(f"/newsroom/users/{user_id}", {"csrf": csrf, "action": "author", "author": "no-such-author"})
        self.assertEqual(status, 400)
        status, headers, _ = admin.post(f"/newsroom/users/{user_id}", {"csrf": csrf, "action": "author", "author": "vasif-huseynov"})
        self.assertEqual((status, headers["location"]), (303, "/newsroom/users?notice=author"))
        _, _, page = admin.get("/newsroom/users")
        self.assertIn('<option value="vasif-huseynov" selected>', page)
        # A reset link names the account it is for.
        status, _, page = admin.post(f"/newsroom/users/{user_id}", {"csrf": csrf, "action": "reset"})
        self.assertEqual(status, 200)
        self.assertIn("vasif@example.org", page)
        self.assertIn("/newsroom/reset?token=", page)
        # The contributor's new piece starts with their profile in the byline.
        _, _, page = self.browser("vasif@example.org").get("/newsroom/pieces/new")
        self.assertIn('<li data-slug="vasif-huseynov">', page)
        # Only admins link accounts.
        editor = self.browser("editor@example.org")
        self.assertEqual(editor.post(f"/newsroom/users/{user_id}", {"csrf": editor.csrf(), "action": "author", "author": ""})[0], 403)

    def test_admin_pages_are_for_admins(self):
        b = self.browser("editor@example.org")
        for path in ("/newsroom/users", "/newsroom/audit", "/newsroom/settings"):
            self.assertEqual(b.get(path)[0], 403, path)
        admin = self.browser("admin@example.org")
        status, _, page = admin.get("/newsroom/audit")
        self.assertEqual(status, 200)
        self.assertIn("<code>sign_in</code>", page)
        self.assertIn("<code>user.add</code>", page)

    def test_settings_change_the_public_site(self):
        admin = self.browser("admin@example.org")
        status, _, _ = admin.post("/newsroom/settings", {"csrf": admin.csrf("/newsroom/settings"), "site_title": "Qalam Test Xəbərləri", "site_tagline": "Sınaq"})
        self.assertEqual(status, 303)
        _, _, body = call(self.server, "GET", "/az/")
        self.assertIn("Qalam Test Xəbərləri".encode(), body)
        # All or nothing: a tagline past its limit keeps the new title from being saved too.
        status, _, page = admin.post("/newsroom/settings", {"csrf": admin.csrf("/newsroom/settings"),
                                                            "site_title": "Yarım saxlanmamalı", "site_tagline": "x" * 401})
        self.assertEqual(status, 400)
        self.assertIn("Şüar: çox uzundur: ən çoxu 400 bayt", page)
        _, _, body = call(self.server, "GET", "/az/")
        self.assertIn("Qalam Test Xəbərləri".encode(), body)
        self.assertNotIn("Yarım saxlanmamalı".encode(), body)

    def test_the_site_is_named_per_language_and_shows_its_logo(self):
        admin = self.browser("admin@example.org")
        form = {"csrf": admin.csrf("/newsroom/settings"), "site_title": "Qalam", "site_title_ru": "Калам",
                "site_tagline_az": "Təhlil və şərh", "site_tagline_ru": "", "site_logo": "/media/logo.png"}
        status, _, page = admin.post("/newsroom/settings", form)
        self.assertEqual(status, 303, page)
        _, _, az = call(self.server, "GET", "/az/")
        _, _, ru = call(self.server, "GET", "/ru/")
        _, _, en = call(self.server, "GET", "/en/")
        # Each edition its own name and tagline where one is set, the site's otherwise.
        self.assertIn('<span class="site-title">Qalam</span>'.encode(), az)
        self.assertIn('<span class="site-tagline">Təhlil və şərh</span>'.encode(), az)
        self.assertIn('<span class="site-title">Калам</span>'.encode(), ru)
        self.assertIn("<title>Калам</title>".encode(), ru)
        self.assertIn('<span class="site-title">Qalam</span>'.encode(), en)
        # The logo: in the header, as the icon and as the image of a page without its own.
        for body in (az, ru, en):
            self.assertIn(b'<img class="logo" src="/media/logo.png"', body)
            self.assertIn(b'<link rel="icon" href="/media/logo.png">', body)
            self.assertIn(b'<meta property="og:image" content="http://127.0.0.1:8080/media/logo.png">', body)
        # A logo that is not a link the site allows is refused, and nothing is saved.
        status, _, page = admin.post("/newsroom/settings", {"csrf": admin.csrf("/newsroom/settings"),
                                                            "site_title": "Not saved", "site_logo": "javascript:alert(1)"})
        self.assertEqual(status, 400)
        self.assertIn("Loqo:", page)
        _, _, az = call(self.server, "GET", "/az/")
        self.assertNotIn(b"Not saved", az)

    def test_every_newsroom_page_is_valid_html_in_three_languages(self):
        b = self.browser("admin@example.org")
        piece_id = self.new_piece(b, title="Yoxlama yazısı", body="Mətn\n\n**qalın**")
        form, _ = self.form_of(b, piece_id)
        b.post(f"/newsroom/pieces/{piece_id}", dict(form, title="Yoxlama yazısı", body="Mətn, ikinci", action="save"))
        paths = ["/newsroom/", "/newsroom/pieces", "/newsroom/pieces?status=draft", "/newsroom/pieces/new",
                 f"/newsroom/pieces/{piece_id}", f"/newsroom/pieces/{piece_id}/revisions",
                 f"/newsroom/pieces/new?translation_of={piece_id}&lang=en", "/newsroom/media", "/newsroom/users",
                 "/newsroom/audit", "/newsroom/settings", "/newsroom/content", "/newsroom/content/sections",
                 "/newsroom/content/authors", "/newsroom/content/missions"]
        status, _, sign_in = Browser(self.server).get("/newsroom/sign-in")
        self.assertEqual(status, 200)
        pages = {"/newsroom/sign-in": sign_in}
        for lang in ("az", "en", "ru"):
            b.get(f"/newsroom/language?to={lang}&next=/newsroom/")
            for path in paths:
                status, _, page = b.get(path)
                self.assertEqual(status, 200, f"{lang} {path}")
                pages[f"{lang} {path}"] = page
        problems = html_problems(pages)
        self.assertEqual(problems, [], "\n".join(problems[:40]))

    def test_the_interface_speaks_three_languages(self):
        b = self.browser("editor@example.org")
        for lang, word in (("az", "Yazılar"), ("en", "Pieces"), ("ru", "Материалы")):
            status, headers, _ = b.get(f"/newsroom/language?to={lang}&next=/newsroom/pieces")
            self.assertEqual((status, headers["location"]), (303, "/newsroom/pieces"))
            _, headers, page = b.get("/newsroom/pieces")
            self.assertIn(f'<html lang="{lang}">', page)
            self.assertIn(f"<h1>{word}</h1>", page)

    def test_editors_curate_tags_authors_and_missions_through_the_importers_rules(self):
        b = self.browser("editor@example.org")
        csrf = b.csrf("/newsroom/content/tags")
        status, headers, _ = b.post("/newsroom/content/tags", {"csrf": csrf, "slug": "bahar", "name.az": "Bahar", "name.en": "Spring"})
        self.assertEqual((status, headers["location"]), (303, "/newsroom/content/tags?saved=1"))
        _, _, raw = call(self.server, "GET", "/api/v1/tags?prefix=bahar")
        self.assertIn(b'"az":"Bahar"', raw)
        # Saving again by the same slug updates in place.
        b.post("/newsroom/content/tags", {"csrf": csrf, "slug": "bahar", "name.az": "Yaz"})
        _, _, raw = call(self.server, "GET", "/api/v1/tags?prefix=bahar")
        self.assertIn(b'"az":"Yaz"', raw)
        self.assertEqual(raw.count(b'"slug":"bahar"'), 1)
        # Bad input names its field and changes nothing.
        status, _, page = b.post("/newsroom/content/sections", {"csrf": csrf, "slug": "Not A Slug", "position": "first"})
        self.assertEqual(status, 400)
        self.assertIn("Sıra: &#39;first&#39; tam ədəd deyil", page.replace("&#x27;", "&#39;"))
        status, _, page = b.post("/newsroom/content/sections", {"csrf": csrf, "slug": "Not A Slug", "kind": "articles"})
        self.assertEqual(status, 400)
        self.assertIn('aria-invalid="true"', page)
        self.assertIn("Slaq: kiçik latın hərfləri", page)
        self.assertIn("Ad: mütləqdir", page)
        status, _, _ = b.post("/newsroom/content/missions", {"csrf": csrf, "project": "no-such-project", "country": "DE", "kind": "embassy"})
        self.assertEqual(status, 400)
        # Links are one a line.
        status, _, page = b.post("/newsroom/content/authors", {"csrf": csrf, "slug": "leyla", "name.az": "Leyla", "social": "x https://x.com/leyla @leyla\nnonsense"})
        self.assertEqual(status, 400)
        self.assertIn("2-ci sətir", page)
        status, _, _ = b.post("/newsroom/content/authors", {"csrf": csrf, "slug": "leyla", "name.az": "Leyla", "social": "x https://x.com/leyla @leyla"})
        self.assertEqual(status, 303)
        _, _, raw = call(self.server, "GET", "/api/v1/authors/leyla")
        self.assertIn(b'"handle":"@leyla"', raw)
        # Contributors and authors do not curate.
        a = self.browser("author@example.org")
        self.assertEqual(a.get("/newsroom/content/tags")[0], 403)
        self.assertEqual(a.post("/newsroom/content/tags", {"csrf": a.csrf(), "slug": "x", "name.en": "X"})[0], 403)

    def test_the_dashboard_charts_reads_per_day(self):
        status, _, page = call(self.server, "GET", "/en/")
        slug = re.search(r'href="/en/articles/([^"]+)"', page.decode()).group(1)
        reader = {"User-Agent": "Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0"}
        for i in range(3):  # three readers (one address counts once an hour)
            call(self.server, "GET", f"/en/articles/{slug}", headers={**reader, "X-Forwarded-For": f"192.0.2.{i + 1}"})
        b = self.browser("editor@example.org")
        deadline = time.time() + 5
        while time.time() < deadline:
            _, _, page = b.get("/newsroom/")
            bars = re.findall(r"<title>[^<]*: (\d+) oxunma</title>", page)
            if bars and int(bars[-1]) >= 3:
                break
            time.sleep(0.2)
        self.assertIn('<svg xmlns="http://www.w3.org/2000/svg"', page)
        self.assertEqual(len(bars), 30)
        self.assertGreaterEqual(int(bars[-1]), 3)  # today, the last bar

    def test_live_preview_renders_markdown_safely(self):
        b = self.browser("contributor@example.org")
        status, headers, html = b.post("/newsroom/markdown", {"csrf": b.csrf(), "body": "**Qalın** <script>alert(1)</script> [x](javascript:alert(1))"})
        self.assertEqual(status, 200)
        self.assertIn("<strong>Qalın</strong>", html)
        self.assertNotIn("<script>", html)
        self.assertNotIn("javascript:", html)


class HttpsSiteTest(QalamTestCase):
    demo = False
    config = {"site.url": '"https://news.example.org"'}

    @classmethod
    def prepare_site(cls, site):
        add_user(site, "editor@example.org", "editor")

    def test_cookies_are_secure_when_the_site_is_https(self):
        b = Browser(self.server)
        status, headers, page = b.get("/newsroom/sign-in")
        self.assertIn("Secure", headers["set-cookie"])
        session = raw_session_cookie(self.server, "editor@example.org")
        self.assertIn("; Secure", session)
        self.assertIn("HttpOnly", session)


if __name__ == "__main__":
    unittest.main()
