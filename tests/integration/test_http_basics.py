"""The real binary over HTTP: pages, health, keep-alive, pipelining, HEAD, errors."""
import json
import os
import socket
import time
import unittest

from harness import QalamTestCase, read_responses, parse_response


class PagesAndHealth(QalamTestCase):
    def test_home_page_renders_through_the_theme(self):
        status, headers, body = self.server.get("/en/")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/html; charset=utf-8")
        text = body.decode()
        self.assertIn("<title>Qalam Analytics</title>", text)
        self.assertIn('<html lang="en">', text)
        self.assertIn('<main id="content"', text)
        self.assertIn("South Caucasus", text)

    def test_healthz_and_readyz(self):
        self.assertEqual(self.server.get("/healthz")[0], 200)
        status, _, body = self.server.get("/readyz")
        self.assertEqual(status, 200)
        self.assertEqual(body, b"ready\n")

    def test_head_has_length_but_no_body(self):
        get_status, get_headers, get_body = self.server.get("/en/")
        raw = self.server.request(b"HEAD /en/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        head_end = raw.find(b"\r\n\r\n")
        self.assertTrue(raw.startswith(b"HTTP/1.1 200"))
        self.assertIn(f"Content-Length: {len(get_body)}".encode(), raw[:head_end])
        self.assertEqual(raw[head_end + 4:], b"")

    def test_access_log_has_method_path_status_bytes_micros(self):
        self.server.get("/healthz?probe=access")
        deadline = time.time() + 5
        while time.time() < deadline and "/healthz?probe=access" not in self.server.access_log():
            time.sleep(0.05)
        line = [l for l in self.server.access_log().splitlines() if "/healthz?probe=access" in l][0]
        fields = line.split()
        self.assertEqual(fields[-5:-2], ["GET", "/healthz?probe=access", "200"])
        self.assertEqual(fields[-2], "3")
        self.assertTrue(fields[-1].isdigit())


class KeepAliveAndPipelining(QalamTestCase):
    def test_keep_alive_serves_several_requests_on_one_connection(self):
        with self.server.connect() as s:
            for _ in range(3):
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                (status, headers, body), = read_responses(s, 1)
                self.assertEqual((status, body), (200, b"ok\n"))

    def test_pipelined_requests_are_answered_in_order(self):
        with self.server.connect() as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /nope HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n"
                      b"GET /assets/style.css HTTP/1.1\r\nHost: x\r\n\r\n")
            answers = read_responses(s, 4)
        self.assertEqual([a[0] for a in answers], [200, 404, 200, 200])
        self.assertEqual(answers[0][2], b"ok\n")
        self.assertEqual(answers[2][2], b"ready\n")
        self.assertEqual(answers[3][1]["content-type"], "text/css; charset=utf-8")

    def test_http_1_0_closes_after_answer(self):
        raw = self.server.request(b"GET /healthz HTTP/1.0\r\n\r\n")
        self.assertTrue(raw.startswith(b"HTTP/1.1 200"))
        self.assertTrue(raw.endswith(b"ok\n"))


class ErrorStatuses(QalamTestCase):
    config = {"server.header_limit_bytes": "2048", "server.body_limit_bytes": "1024"}

    def test_malformed_request_is_400(self):
        for raw in [b"GARBAGE\r\n\r\n", b"GET / HTTP/9.9\r\n\r\n", b"GET / HTTP/1.1\r\nBad Header\r\n\r\n",
                    b"GET noslash HTTP/1.1\r\nHost: x\r\n\r\n",
                    b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n"]:
            with self.subTest(raw=raw):
                out = self.server.request(raw)
                self.assertTrue(out.startswith(b"HTTP/1.1 400"), out[:80])

    def test_unknown_path_is_themed_404(self):
        status, headers, body = self.server.get("/en/no/such/page")
        self.assertEqual(status, 404)
        self.assertIn(b"<title>Page not found", body)
        self.assertIn(b'class="site-header"', body)
        status, headers, body = self.server.get("/nowhere", headers={"Accept-Language": "ru"})
        self.assertEqual(status, 404)
        self.assertIn("Страница не найдена".encode(), body)

    def test_wrong_method_is_405_with_allow(self):
        status, headers, _ = self.server.get("/healthz", method="DELETE")
        self.assertEqual(status, 405)
        self.assertEqual(headers["allow"], "GET, HEAD")

    def test_body_too_large_is_413(self):
        out = self.server.request(b"POST /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + b"x" * 5000)
        self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:80])
        chunked = (b"POST /healthz HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
                   + b"800\r\n" + b"y" * 2048 + b"\r\n0\r\n\r\n")
        out = self.server.request(chunked)
        self.assertTrue(out.startswith(b"HTTP/1.1 413"), out[:80])

    def test_headers_too_large_is_431(self):
        out = self.server.request(b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 4000 + b"\r\n\r\n")
        self.assertTrue(out.startswith(b"HTTP/1.1 431"), out[:80])

    def test_json_clients_get_problem_details(self):
        status, headers, body = self.server.get("/nope", headers={"Accept": "application/json"})
        self.assertEqual(status, 404)
        self.assertEqual(headers["content-type"], "application/problem+json")
        problem = json.loads(body)
        self.assertEqual(problem["status"], 404)
        self.assertEqual(problem["title"], "Not Found")
        status, headers, body = self.server.get("/healthz", method="PUT", headers={"Accept": "application/json"})
        self.assertEqual(json.loads(body)["status"], 405)

    def test_server_survives_all_of_the_above(self):
        self.test_malformed_request_is_400()
        self.test_body_too_large_is_413()
        self.assertEqual(self.server.get("/healthz")[0], 200)


class StaticAssets(QalamTestCase):
    @classmethod
    def prepare_site(cls, site):
        theme = site.copy_theme()
        with open(os.path.join(site.dir, "secret.txt"), "w") as f:
            f.write("secret")
        os.symlink(os.path.join(site.dir, "secret.txt"), os.path.join(theme, "assets", "link.txt"))
        os.symlink(site.dir, os.path.join(theme, "assets", "linkdir"))

    def test_asset_has_type_etag_last_modified_and_304(self):
        status, headers, body = self.server.get("/assets/style.css")
        self.assertEqual(status, 200)
        self.assertEqual(headers["content-type"], "text/css; charset=utf-8")
        self.assertIn("last-modified", headers)
        etag = headers["etag"]
        status, headers2, body2 = self.server.get("/assets/style.css", headers={"If-None-Match": etag})
        self.assertEqual(status, 304)
        self.assertEqual(body2, b"")
        self.assertEqual(headers2["etag"], etag)

    def test_no_escape_from_the_assets_folder(self):
        for path in ["/assets/../qalam.toml", "/assets/%2e%2e/qalam.toml", "/assets/%2E%2e/%2e%2e/qalam.toml",
                     "/assets/..%2fqalam.toml", "/assets/%2fetc%2fpasswd", "/assets/style.css%00.png",
                     "/assets/..%5cqalam.toml", "/assets/link.txt", "/assets/linkdir/qalam.toml",
                     "/assets//etc/passwd", "/assets/%", "/assets/.%2e/.%2e/qalam.toml"]:
            with self.subTest(path=path):
                status, _, body = self.server.get(path)
                self.assertIn(status, (400, 404))
                self.assertNotIn(b"secret", body)
                self.assertNotIn(b"[server]", body)


if __name__ == "__main__":
    unittest.main()
