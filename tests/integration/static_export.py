"""A static export (qalam export-static) served by nginx with deploy/nginx/qalam-static.conf,
the file docs/deploy.md tells operators to use, on a free loopback port."""
import os
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "../..")
NGINX_SITE = os.path.join(ROOT, "deploy/nginx/qalam-static.conf")


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Nginx:
    def __init__(self, out, port):
        self.work = tempfile.mkdtemp(prefix="qalam_nginx_")
        with open(NGINX_SITE, encoding="utf-8") as f:
            site = f.read()
        site = site.replace("/srv/qalam-static", os.path.abspath(out)).replace("listen 80;", f"listen 127.0.0.1:{port};")
        with open(os.path.join(self.work, "site.conf"), "w", encoding="utf-8") as f:
            f.write(site)
        user = "user root;\n" if os.geteuid() == 0 else ""
        with open(os.path.join(self.work, "nginx.conf"), "w", encoding="utf-8") as f:
            f.write(f"""{user}worker_processes 1;
pid {self.work}/nginx.pid;
error_log {self.work}/error.log warn;
events {{ worker_connections 256; }}
http {{
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path {self.work}/body;
  proxy_temp_path {self.work}/proxy;
  fastcgi_temp_path {self.work}/fastcgi;
  uwsgi_temp_path {self.work}/uwsgi;
  scgi_temp_path {self.work}/scgi;
  include {self.work}/site.conf;
}}
""")
        self.base = f"http://127.0.0.1:{port}"
        done = subprocess.run(["nginx", "-c", f"{self.work}/nginx.conf", "-p", self.work], capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
        deadline = time.time() + 10
        while time.time() < deadline:
            try:
                urllib.request.urlopen(self.base + "/robots.txt", timeout=2).read()
                return
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.05)
        raise AssertionError("nginx did not start: " + open(f"{self.work}/error.log").read())

    def reload(self):
        subprocess.run(["nginx", "-c", f"{self.work}/nginx.conf", "-p", self.work, "-s", "reload"], check=True)
        time.sleep(0.5)

    def stop(self):
        subprocess.run(["nginx", "-c", f"{self.work}/nginx.conf", "-p", self.work, "-s", "stop"], capture_output=True)
        shutil.rmtree(self.work, ignore_errors=True)
