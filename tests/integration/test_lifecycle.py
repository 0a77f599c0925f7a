"""Start-up, limits and shutdown of the real binary: slow clients, the connection cap,
graceful drain, bad configuration, schema checks, broken templates."""
import os
import shutil
import re
import signal
import urllib.parse
import socket
import sqlite3
import time
import unittest

from harness import QALAM, Server, Site, add_user, read_responses, read_until_close, run_qalam
from test_newsroom_ui import Browser


class SlowClients(unittest.TestCase):
    def setUp(self):
        self.site = Site(demo=False)
        self.site.edit_config({"server.header_timeout_ms": "1000"})
        self.server = Server(self.site)

    def tearDown(self):
        self.server.stop()
        self.site.cleanup()

    def test_slow_header_client_is_dropped_while_others_are_served(self):
        slow = self.server.connect(timeout=10)
        slow.sendall(b"GET / HTTP/1.1\r\n")
        started = time.time()
        dropped_at = None
        served = 0
        for i in range(40):
            try:
                slow.sendall(b"X")
            except (BrokenPipeError, ConnectionResetError):
                dropped_at = time.time()
                break
            # Another client is served at once meanwhile.
            t0 = time.time()
            self.assertEqual(self.server.get("/healthz")[0], 200)
            self.assertLess(time.time() - t0, 0.5)
            served += 1
            slow.settimeout(0.1)
            try:
                if slow.recv(1024) == b"":
                    dropped_at = time.time()
                    break
            except socket.timeout:
                pass
            except ConnectionResetError:
                dropped_at = time.time()
                break
        slow.close()
        self.assertIsNotNone(dropped_at, "slow client was never dropped")
        self.assertLess(dropped_at - started, 3.0)
        self.assertGreater(served, 2)


class ConnectionCap(unittest.TestCase):
    def test_connections_past_the_limit_get_503_and_close(self):
        site = Site(demo=False)
        site.edit_config({"server.max_connections": "3"})
        server = Server(site)
        try:
            held = [server.connect() for _ in range(3)]
            for s in held:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                self.assertEqual(read_responses(s, 1)[0][0], 200)
            extra = server.connect()
            answer = read_until_close(extra)
            self.assertTrue(answer.startswith(b"HTTP/1.1 503"), answer[:60])
            self.assertIn(b"Connection: close", answer)
            held.pop().close()
            deadline = time.time() + 5
            while time.time() < deadline:
                status = server.get("/healthz")[0]
                if status == 200:
                    break
                time.sleep(0.05)
            self.assertEqual(status, 200)
            for s in held:
                s.close()
        finally:
            server.stop()
            site.cleanup()


class GracefulShutdown(unittest.TestCase):
    def test_sigterm_finishes_request_in_flight_and_exits_zero(self):
        site = Site(demo=True)
        add_user(site, "editor@example.org", "editor")
        server = Server(site)
        try:
            idle = server.connect()
            idle.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
            self.assertEqual(read_responses(idle, 1)[0][0], 200)
            # Part-way through its headers: not a request in flight; it does not hold a restart.
            half = server.connect(timeout=10)
            half.sendall(b"GET /en/ HTTP/1.1\r\nHost: x\r\n")
            # A whole request that takes a while (argon2id): in flight, so it is answered.
            _, _, page = Browser(server).get("/newsroom/sign-in")
            nonce = re.search(r'name="nonce" value="([^"]+)"', page).group(1)
            form = urllib.parse.urlencode({"nonce": nonce, "email": "editor@example.org",
                                           "password": "correct horse battery"}).encode()
            busy = server.connect(timeout=10)
            busy.sendall(b"POST /newsroom/sign-in HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                         b"Cookie: qalam_sign_in=" + nonce.encode() + b"\r\nContent-Length: " + str(len(form)).encode() +
                         b"\r\n\r\n" + form)
            time.sleep(0.02)
            started = time.time()
            server.signal(signal.SIGTERM)
            answer = read_until_close(busy)
            self.assertTrue(answer.startswith(b"HTTP/1.1 303"), answer[:60])
            self.assertIn(b"Connection: close", answer)
            self.assertEqual(read_until_close(idle), b"")  # the idle one was closed
            try:
                self.assertEqual(read_until_close(half), b"")  # and the half-sent one, at once
            except ConnectionResetError:
                pass
            # New connections are refused once draining.
            with self.assertRaises(OSError):
                socket.create_connection(("127.0.0.1", server.port), timeout=1).sendall(b"x")
                raise OSError("connected")
            code = server.proc.wait(5)
            self.assertEqual(code, 0)
            self.assertLess(time.time() - started, 2.0)  # not the 5 s shutdown timeout
            self.assertIn("stopped", server.log())
        finally:
            server.stop()
            site.cleanup()

    def test_sigint_also_stops_cleanly(self):
        site = Site(demo=False)
        server = Server(site)
        try:
            server.signal(signal.SIGINT)
            self.assertEqual(server.proc.wait(5), 0)
        finally:
            server.stop()
            site.cleanup()


class StartupChecks(unittest.TestCase):
    def setUp(self):
        self.site = Site(demo=False)

    def tearDown(self):
        self.site.cleanup()

    def serve_fails(self):
        done = run_qalam("serve", "--site", self.site.dir, "--listen", "127.0.0.1:0", timeout=20)
        self.assertNotEqual(done.returncode, 0)
        return done

    def test_a_second_server_on_a_port_in_use_refuses_to_start(self):
        first = Server(self.site)  # two threads: its sockets share the port with SO_REUSEPORT
        other = Site(demo=False)
        try:
            done = run_qalam("serve", "--site", other.dir, "--listen", f"127.0.0.1:{first.port}", timeout=20)
            self.assertEqual(done.returncode, 1, done.stderr)
            self.assertIn(f"cannot listen on 127.0.0.1:{first.port}: the address is already in use", done.stderr)
            self.assertEqual(first.get("/healthz")[0], 200)  # the first one goes on alone
        finally:
            first.stop()
            other.cleanup()

    def test_bad_config_stops_startup_with_file_line_and_status_2(self):
        path = os.path.join(self.site.dir, "qalam.toml")
        with open(path) as f:
            text = f.read().replace("[server]\n", "[server]\nmystery = 1\n")
        with open(path, "w") as f:
            f.write(text)
        line = text.split("\n").index("mystery = 1") + 1
        done = self.serve_fails()
        self.assertEqual(done.returncode, 2)
        self.assertIn(f"qalam.toml:{line}: unknown key 'mystery' in [server]", done.stderr)

    def test_wrong_type_in_config(self):
        self.site.edit_config({"server.threads": '"four"'})
        done = self.serve_fails()
        self.assertEqual(done.returncode, 2)
        self.assertRegex(done.stderr, r"qalam\.toml:\d+: server\.threads must be an integer")

    def test_bad_environment_override(self):
        done = run_qalam("serve", "--site", self.site.dir, env={"QALAM_SERVER_LISTEN": "nowhere"})
        self.assertEqual(done.returncode, 2)
        self.assertIn("QALAM_SERVER_LISTEN", done.stderr)

    def test_environment_override_is_used(self):
        server = Server(self.site, env={"QALAM_LOG_ACCESS": "false"})
        try:
            self.assertEqual(server.get("/healthz")[0], 200)
            time.sleep(0.2)
            self.assertEqual(server.access_log(), "")
        finally:
            server.stop()

    def test_unmigrated_database_is_refused_until_migrate(self):
        os.remove(os.path.join(self.site.dir, "qalam.db"))
        done = self.serve_fails()
        self.assertIn("run `qalam migrate`", done.stderr)
        migrated = run_qalam("migrate", "--site", self.site.dir)
        self.assertEqual(migrated.returncode, 0, migrated.stderr)
        self.assertIn("applied migration 1", migrated.stdout)
        again = run_qalam("migrate", "--site", self.site.dir)
        self.assertIn("up to date", again.stdout)
        server = Server(self.site)
        server.stop()

    def test_database_newer_than_binary_is_refused(self):
        db = sqlite3.connect(os.path.join(self.site.dir, "qalam.db"))
        db.execute("INSERT INTO schema_migrations VALUES (9999, '9999_future', '2030-01-01T00:00:00Z')")
        db.commit()
        db.close()
        done = self.serve_fails()
        self.assertIn("newer than this qalam knows", done.stderr)

    def test_template_syntax_error_is_reported_at_startup(self):
        theme = self.site.copy_theme()
        with open(os.path.join(theme, "templates", "home.mustache"), "w") as f:
            f.write("{{<layout}}\n{{$content}}\n  {{#items}}\n{{/content}}\n{{/layout}}\n")
        done = self.serve_fails()
        self.assertEqual(done.returncode, 2)
        self.assertIn("home.mustache:4:1: closing tag 'content' does not match 'items' opened at 3:3",
                      done.stderr)

    def test_readyz_fails_when_the_database_goes_away(self):
        server = Server(self.site)
        try:
            self.assertEqual(server.get("/readyz")[0], 200)
            os.rename(os.path.join(self.site.dir, "qalam.db"), os.path.join(self.site.dir, "gone.db"))
            status, _, body = server.get("/readyz")
            self.assertEqual(status, 503)
            self.assertIn(b"not ready", body)
            self.assertEqual(server.get("/healthz")[0], 200)
        finally:
            server.stop()


class Commands(unittest.TestCase):
    def test_version(self):
        for args in (("version",), ("--version",)):
            done = run_qalam(*args)
            self.assertEqual(done.returncode, 0, args)
            self.assertRegex(done.stdout, r"^qalam \d+\.\d+\.\d+", args)

    def test_help_and_help_of_a_command(self):
        done = run_qalam("help")
        self.assertEqual(done.returncode, 0)
        self.assertIn("Usage: qalam", done.stdout)
        for name in ("init", "serve", "import", "media"):
            self.assertIn(name, done.stdout)
        done = run_qalam("help", "import")
        self.assertEqual(done.returncode, 0)
        self.assertIn("Usage: import", done.stdout)
        self.assertIn("FILE", done.stdout)

    def test_an_unknown_command_suggests_the_nearest(self):
        done = run_qalam("improt", "x.jsonl")
        self.assertEqual(done.returncode, 2)
        self.assertIn("'improt' is not a qalam command; did you mean import?", done.stderr)
        done = run_qalam("help", "sevre")
        self.assertEqual(done.returncode, 2)
        self.assertIn("did you mean serve?", done.stderr)
        done = run_qalam("zzzzzz")
        self.assertEqual(done.returncode, 2)
        self.assertNotIn("did you mean", done.stderr)

    def site(self):
        site = Site(demo=False)
        self.addCleanup(site.cleanup)
        return site

    def test_init_says_where_the_site_answers_and_how_to_make_the_first_account(self):
        site = self.site()
        shutil.rmtree(site.dir)
        done = run_qalam("init", site.dir)
        self.assertEqual(done.returncode, 0, done.stderr)
        self.assertIn("It will answer at http://127.0.0.1:8080/", done.stdout)
        self.assertIn(f"qalam user add --site {site.dir} you@example.org --role admin", done.stdout)

    def test_links_follow_the_listening_address_until_site_url_is_set(self):
        site = self.site()
        with open(os.path.join(site.dir, "qalam.toml"), encoding="utf-8") as f:
            config = f.read()
        # A new site leaves site.url commented out, saying what it is for.
        fresh = self.site()
        shutil.rmtree(fresh.dir)
        self.assertEqual(run_qalam("init", fresh.dir).returncode, 0)
        with open(os.path.join(fresh.dir, "qalam.toml"), encoding="utf-8") as f:
            text = f.read()
        self.assertIn("# url = 'https://news.example.org'", text)
        self.assertIn("While unset, links follow the address `qalam serve`", text)
        server = Server(fresh)
        try:
            base = f"http://127.0.0.1:{server.port}"
            self.assertIn(f"site.url is not set in {fresh.dir}/qalam.toml: links use {base}", server.log())
            _, _, body = server.get("/en/")
            self.assertIn(f'<link rel="canonical" href="{base}/en/">'.encode(), body)
            _, _, robots = server.get("/robots.txt")
            self.assertIn(f"Sitemap: {base}/sitemap.xml".encode(), robots)
        finally:
            server.stop()
        # A configured address stays, and serve names both when they differ.
        self.assertIn('url = "http://127.0.0.1:8080"', config)
        server = Server(site)
        try:
            self.assertIn(f"links use site.url http://127.0.0.1:8080; serving on 127.0.0.1:{server.port}", server.log())
            _, _, body = server.get("/en/")
            self.assertIn(b'<link rel="canonical" href="http://127.0.0.1:8080/en/">', body)
        finally:
            server.stop()

    def test_an_empty_import_file_is_an_error(self):
        site = self.site()
        path = os.path.join(site.dir, "empty.jsonl")
        with open(path, "w") as f:
            f.write("\n  \n")
        done = run_qalam("import", "--site", site.dir, path)
        self.assertEqual(done.returncode, 2)
        self.assertIn("empty.jsonl: the file holds no records", done.stderr)

    def test_init_refuses_an_existing_site_and_changes_nothing(self):
        site = Site(demo=False)
        try:
            path = os.path.join(site.dir, "qalam.toml")
            with open(path) as f:
                before = f.read()
            done = run_qalam("init", site.dir)
            self.assertEqual(done.returncode, 2)
            self.assertIn("already exists", done.stderr)
            with open(path) as f:
                self.assertEqual(f.read(), before)
        finally:
            site.cleanup()

    def test_unknown_command_is_usage_error(self):
        self.assertEqual(run_qalam("frobnicate").returncode, 2)
        self.assertEqual(run_qalam("serve", "--threads", "zero").returncode, 2)


if __name__ == "__main__":
    unittest.main()
