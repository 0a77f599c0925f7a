"""Starts the real `qalam` binary against a temporary site and speaks HTTP to it.

QALAM_BIN names the binary (CTest sets it). Every server listens on 127.0.0.1 on a
port the kernel picks (--listen 127.0.0.1:0); the harness reads the chosen port from
the start-up log line.
"""
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import unittest

QALAM = os.environ.get("QALAM_BIN", os.path.join(os.path.dirname(__file__), "../../build/release/qalam"))
THEMES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../../themes")


# QALAM_TEST_BACKEND=postgres: every Site is made on a fresh database of the tests'
# PostgreSQL server (tests/support/pg_server; QALAM_TEST_POSTGRES names its folder).
BACKEND = os.environ.get("QALAM_TEST_BACKEND", "sqlite")


def postgres_server_url():
    folder = os.environ.get("QALAM_TEST_POSTGRES", "")
    path = os.path.join(folder, "url")
    if not folder or not os.path.exists(path):
        raise RuntimeError(
            "QALAM_TEST_BACKEND=postgres needs the tests' PostgreSQL server: "
            "tests/support/pg_server start DIR and QALAM_TEST_POSTGRES=DIR (make test does both)")
    with open(path, encoding="utf-8") as f:
        return f.read().strip()


def new_postgres_database():
    """A new, empty database on the tests' server; its URL."""
    server = postgres_server_url()
    name = "it_%d_%d" % (os.getpid(), new_postgres_database.counter)
    new_postgres_database.counter += 1
    done = subprocess.run(["psql", server, "-qc", f"CREATE DATABASE {name}"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    return server.rsplit("/", 1)[0] + "/" + name


new_postgres_database.counter = 0


def drop_postgres_database(url):
    server = postgres_server_url()
    name = url.rsplit("/", 1)[1]
    subprocess.run(["psql", server, "-qc", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], capture_output=True)


PG_SERVER = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../support/pg_server")


class PostgresServer:
    """A PostgreSQL server of the test's own (tests/support/pg_server), for tests that
    stop and start it under running nodes, which the shared one must never see."""

    def __init__(self):
        self.dir = tempfile.mkdtemp(prefix="qalam_pg_")
        self._run("start")
        with open(os.path.join(self.dir, "url"), encoding="utf-8") as f:
            self.url = f.read().strip()

    def _run(self, command):
        done = subprocess.run([PG_SERVER, command, self.dir], capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stderr

    def new_database(self, name="site"):
        done = subprocess.run(["psql", self.url, "-qc", f"CREATE DATABASE {name}"], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        return self.url.rsplit("/", 1)[0] + "/" + name

    def add_replica(self):
        """A streaming replica (hot standby) of this server; returns its URL."""
        self._run("replica")
        with open(os.path.join(self.dir, "replica-url"), encoding="utf-8") as f:
            self.replica_url = f.read().strip()
        return self.replica_url

    def stop_replica(self):
        self._run("stop-replica")

    def on_replica(self, database_url):
        """The URL of `database_url`'s database on the replica."""
        return self.replica_url.rsplit("/", 1)[0] + "/" + database_url.rsplit("/", 1)[1]

    def pause(self):
        self._run("pause")

    def resume(self):
        self._run("resume")

    def stop(self):
        self._run("stop")


def run_qalam(*args, env=None, timeout=60):
    return subprocess.run([QALAM, *args], capture_output=True, text=True, timeout=timeout,
                          env={**os.environ, **(env or {})})


class Site:
    """A temporary site folder made by `qalam init`."""

    def __init__(self, demo=True, config_extra="", backend=None, database_url=None):
        """`backend`: "sqlite" or "postgres"; QALAM_TEST_BACKEND's when not given.
        `database_url`: an empty PostgreSQL database of the test's own server."""
        self.dir = tempfile.mkdtemp(prefix="qalam_it_")
        args = ["init", self.dir] + (["--demo"] if demo else [])
        self.database_url = database_url or (new_postgres_database() if (backend or BACKEND) == "postgres" else None)
        self._drops_database = self.database_url is not None and database_url is None
        if self.database_url:
            args += ["--database-url", self.database_url]
        shutil.rmtree(self.dir)
        done = run_qalam(*args)
        assert done.returncode == 0, done.stderr
        # Links as a configured site has them, whatever port the test serves on
        # (test_lifecycle checks a site without site.url).
        self.edit_config({"site.url": '"http://127.0.0.1:8080"'})
        if config_extra:
            self.edit_config(config_extra)

    def edit_config(self, replacements):
        """Sets `section.key = value` lines, e.g. {"server.header_timeout_ms": "1000"}."""
        path = os.path.join(self.dir, "qalam.toml")
        with open(path, encoding="utf-8") as f:
            lines = f.read().split("\n")
        for dotted, value in replacements.items():
            section, key = dotted.split(".")
            current, done = None, False
            for i, line in enumerate(lines):
                if line.startswith("["):
                    current = line.strip("[]")
                elif current == section and (line.startswith(key + " = ") or line.startswith("# " + key + " = ")):
                    lines[i] = f"{key} = {value}"
                    done = True
            assert done, dotted
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(lines))

    def execute_sql(self, statement):
        """Runs one SQL statement on the site's database, whichever backend holds it
        (as another program or a damaged disk would change it under the server)."""
        if self.database_url:
            done = subprocess.run(["psql", self.database_url, "-v", "ON_ERROR_STOP=1", "-qc", statement],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            return
        import sqlite3
        with sqlite3.connect(os.path.join(self.dir, "qalam.db")) as db:
            db.execute(statement)

    def query_sql(self, statement):
        """The rows of one SQL query on the site's database, as lists of text."""
        if self.database_url:
            done = subprocess.run(["psql", self.database_url, "-AtF", "\t", "-v", "ON_ERROR_STOP=1", "-c", statement],
                                  capture_output=True, text=True)
            assert done.returncode == 0, done.stderr
            return [line.split("\t") for line in done.stdout.splitlines()]
        import sqlite3
        with sqlite3.connect(os.path.join(self.dir, "qalam.db")) as db:
            return [[str(v) for v in row] for row in db.execute(statement)]

    def media_files(self):
        """The names of the media library's files: in the database on PostgreSQL, in the
        media folder on SQLite."""
        if self.database_url:
            return {row[0] for row in self.query_sql("SELECT name FROM media_files")}
        folder = os.path.join(self.dir, "media")
        return set(os.listdir(folder)) if os.path.isdir(folder) else set()

    def media_file(self, name):
        """The bytes of one media library file, wherever the backend keeps it."""
        if self.database_url:
            import base64
            rows = self.query_sql(f"SELECT encode(bytes, 'base64') FROM media_files WHERE name = '{name}'")
            assert rows, name
            return base64.b64decode("".join(rows[0][0].split()))
        with open(os.path.join(self.dir, "media", name), "rb") as f:
            return f.read()

    def count(self, table):
        """The number of rows of one table of the site's database."""
        return int(self.query_sql(f"SELECT count(*) FROM {table}")[0][0])

    def copy_theme(self):
        target = os.path.join(self.dir, "themes", "default")
        shutil.copytree(os.path.join(THEMES, "default"), target)
        return target

    def cleanup(self):
        shutil.rmtree(self.dir, ignore_errors=True)
        if self._drops_database:
            drop_postgres_database(self.database_url)


class Server:
    """`qalam serve` on a free loopback port."""

    def __init__(self, site, extra_args=(), env=None, name="serve"):
        """`name` tells the logs of several servers of one site apart."""
        self.site = site
        self.name = name
        self.log_path = os.path.join(site.dir, name + ".log")
        self.access_path = os.path.join(site.dir, ("access" if name == "serve" else name + "-access") + ".log")
        self._files = [open(self.access_path, "wb"), open(self.log_path, "wb")]
        self.proc = subprocess.Popen(
            [QALAM, "serve", "--site", site.dir, "--listen", "127.0.0.1:0", *extra_args],
            stdout=self._files[0], stderr=self._files[1], env={**os.environ, **(env or {})})
        deadline = time.time() + 20
        self.port = None
        while time.time() < deadline and self.proc.poll() is None:
            m = re.search(r"at http://127\.0\.0\.1:(\d+)", self.log())
            if m:
                self.port = int(m.group(1))
                break
            time.sleep(0.02)
        if self.port is None:
            self.stop()
            raise AssertionError("qalam serve did not start:\n" + self.log())

    def log(self):
        with open(self.log_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def access_log(self):
        with open(self.access_path, encoding="utf-8", errors="replace") as f:
            return f.read()

    def connect(self, timeout=5):
        s = socket.create_connection(("127.0.0.1", self.port), timeout=timeout)
        return s

    def request(self, raw, timeout=5):
        """Sends raw bytes on a new connection and returns everything until close."""
        with self.connect(timeout) as s:
            s.sendall(raw)
            return read_until_close(s)

    def get(self, path, headers=None, method="GET"):
        """One request with Connection: close; returns (status, headers dict, body bytes)."""
        head = f"{method} {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
        for k, v in (headers or {}).items():
            head += f"{k}: {v}\r\n"
        return parse_response(self.request((head + "\r\n").encode()), head_only=method == "HEAD")[0]

    def signal(self, sig=signal.SIGTERM):
        self.proc.send_signal(sig)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        for f in self._files:
            f.close()


def read_until_close(s):
    chunks = []
    while True:
        try:
            data = s.recv(65536)
        except (ConnectionResetError, socket.timeout):
            break
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks)


def read_responses(s, count, head_only=False):
    """Reads `count` responses from a kept-alive connection."""
    buf = b""
    out = []
    while len(out) < count:
        parsed = parse_response(buf, head_only=head_only)
        if parsed is not None and len(parsed) > 0 and parsed[0] is not None:
            out.append(parsed[0])
            buf = parsed[1]
            continue
        data = s.recv(65536)
        if not data:
            raise AssertionError(f"connection closed after {len(out)} of {count} responses")
        buf += data
    return out


def parse_response(buf, head_only=False):
    """Parses one response from buf; returns ((status, headers, body), rest) or (None, buf)."""
    end = buf.find(b"\r\n\r\n")
    if end < 0:
        return (None, buf)
    lines = buf[:end].decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers = {}
    for line in lines[1:]:
        k, _, v = line.partition(":")
        headers[k.strip().lower()] = v.strip()
    length = 0 if head_only or status in (204, 304) else int(headers.get("content-length", "0"))
    body_start = end + 4
    if len(buf) < body_start + length:
        return (None, buf)
    return ((status, headers, buf[body_start:body_start + length]), buf[body_start + length:])


class QalamTestCase(unittest.TestCase):
    """A site and a running server per test class (with `server_args`, e.g.
    ("--test-clock",) to let advance_clock() move the server's time on)."""
    config = {}
    demo = True
    server_args = ()

    @classmethod
    def setUpClass(cls):
        cls.site = Site(demo=cls.demo)
        if cls.config:
            cls.site.edit_config(cls.config)
        cls.prepare_site(cls.site)
        cls.server = Server(cls.site, cls.server_args)

    @classmethod
    def prepare_site(cls, site):
        pass

    @classmethod
    def tearDownClass(cls):
        cls.server.stop()
        cls.site.cleanup()


class EditorTokenTestCase(QalamTestCase):
    """An empty site with one account, editor@example.org (or token_role@…), and an
    Admin API token of theirs."""
    demo = False
    token_role = "editor"

    @classmethod
    def prepare_site(cls, site):
        email = f"{cls.token_role}@example.org"
        add_user(site, email, cls.token_role)
        cls.token = create_token(site, email)


def call(server, method, path, body=None, headers=None, token=None):
    """One request through http.client: (status, headers dict, body bytes). A dict or
    list body is sent as JSON."""
    import http.client
    import json as _json
    h = dict(headers or {})
    if isinstance(body, (dict, list)):
        body = _json.dumps(body).encode()
        h.setdefault("Content-Type", "application/json")
    if token:
        h["Authorization"] = "Bearer " + token
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
    try:
        conn.request(method, path, body=body, headers=h)
        r = conn.getresponse()
        return r.status, {k.lower(): v for k, v in r.getheaders()}, r.read()
    finally:
        conn.close()


def advance_clock(server, seconds):
    """Moves the time of a server started with --test-clock on by `seconds`."""
    status, _, body = call(server, "POST", f"/testing/clock?advance={int(seconds)}")
    assert status == 200, body
    return body.decode().strip()


def add_user(site, email, role, name=None, password="correct horse battery"):
    """`qalam user add` with a password file; returns the password."""
    path = os.path.join(site.dir, "pw-" + email)
    with open(path, "w") as f:
        f.write(password + "\n")
    done = run_qalam("user", "add", "--site", site.dir, email, "--role", role, "--name", name or email,
                     "--password-file", path)
    assert done.returncode == 0, done.stderr
    return password


def create_token(site, email):
    done = run_qalam("token", "create", "--site", site.dir, email, "--name", "tests")
    assert done.returncode == 0, done.stderr
    return done.stdout.strip()


def png(width, height, rgb=True):
    """A real PNG: a gradient (RGB) or all-white 1-bit image, zlib-compressed rows."""
    import struct
    import zlib

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xffffffff)
    if rgb:
        ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
        rows = b"".join(b"\0" + bytes((x * 255 // max(1, width - 1), y * 255 // max(1, height - 1), 128) [i % 3]
                                       for x in range(width) for i in range(3)) for y in range(height))
    else:
        ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
        rows = (b"\0" + b"\xff" * ((width + 7) // 8)) * height
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(rows, 9)) +
            chunk(b"IEND", b""))


def image_form(alt, width, height, extra=None):
    """A multipart form with `alt` (and `extra` fields) and a PNG of width × height:
    (body, content type) as the Admin API and the newsroom take uploads."""
    boundary = "----qalamupload"
    parts = b""
    for name, value in {"alt": alt, **(extra or {})}.items():
        parts += f"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n".encode()
    parts += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"upload.png\"\r\n"
              "Content-Type: image/png\r\n\r\n").encode() + png(width, height) + f"\r\n--{boundary}--\r\n".encode()
    return parts, f"multipart/form-data; boundary={boundary}"


def upload_image(server, token, alt, width, height):
    """An image uploaded through the Admin API: its JSON (url, bytes, variants …)."""
    body, content_type = image_form(alt, width, height)
    status, _, raw = call(server, "POST", "/api/v1/admin/media", body, {"Content-Type": content_type}, token=token)
    assert status == 201, raw
    return json.loads(raw)


HTML_VALIDATE = os.environ.get("HTML_VALIDATE", os.path.join(os.path.dirname(__file__), "../../node_modules/.bin/html-validate"))


def html_problems(pages):
    """html-validate (the project's .htmlvalidate.json) over `pages`, {label: HTML text
    or bytes}: one line per problem, "label:line:column rule: message"."""
    assert os.path.exists(HTML_VALIDATE), f"html-validate not found at {HTML_VALIDATE}; run scripts/bootstrap"
    with tempfile.TemporaryDirectory() as tmp:
        files = {}
        for i, (label, html) in enumerate(pages.items()):
            name = os.path.join(tmp, f"page-{i}.html")
            with open(name, "wb") as f:
                f.write(html if isinstance(html, bytes) else html.encode("utf-8"))
            files[name] = label
        # The report goes to a file: a long one on a pipe is cut when node exits.
        report_file = os.path.join(tmp, "report.json")
        subprocess.run([HTML_VALIDATE, "--config", os.path.join(os.path.dirname(__file__), "../../.htmlvalidate.json"),
                        "--formatter", "json=" + report_file, *files], capture_output=True, text=True)
        with open(report_file, encoding="utf-8") as f:
            report = json.load(f)
    return [f"{files[r['filePath']]}:{m['line']}:{m['column']} {m['ruleId']}: {m['message']}"
            for r in report for m in r["messages"]]
