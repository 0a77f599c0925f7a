// What the browser tests and the screenshot and audit scripts share: a demo site made
// by `qalam init --demo`, `qalam serve` on a free loopback port, and Debian's
// chromium launched the way this machine allows (a fresh profile, no network of its
// own). Node built-ins only, so tools/audit can import it too.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const QALAM = process.env.QALAM_BIN || join(here, '../../build/release/qalam');
export const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
export const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Runs qalam; its output, or an Error with what it said.
export function qalam(...args) {
  const done = spawnSync(QALAM, args, { encoding: 'utf8' });
  if (done.status !== 0) throw new Error(`qalam ${args.join(' ')}: ${done.stderr}`);
  return done.stdout;
}

// A new demo site in a temporary folder; `edit` may change its qalam.toml's text.
export function demoSite(edit) {
  const dir = mkdtempSync(join(tmpdir(), 'qalam_site_'));
  rmSync(dir, { recursive: true });
  qalam('init', '--demo', dir);
  if (edit) {
    const config = join(dir, 'qalam.toml');
    writeFileSync(config, edit(readFileSync(config, 'utf8')));
  }
  return dir;
}

// `qalam serve` of `dir` on a free loopback port: { server, base } once it listens.
export function serve(dir, extraArgs = []) {
  const server = spawn(QALAM, ['serve', '--site', dir, '--listen', '127.0.0.1:0', ...extraArgs],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => { server.kill('SIGTERM'); reject(new Error('qalam serve did not start:\n' + log)); }, 20000);
    server.stderr.on('data', (d) => {
      log += d;
      const m = log.match(/at http:\/\/(127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve({ server, base: 'http://' + m[1] }); }
    });
  });
}

// A fresh profile folder for a browser.
export const profileDir = () => mkdtempSync(join(tmpdir(), 'qalam_chromium_'));

// A free loopback port (the kernel's choice, released at once).
export async function freePort() {
  const { createServer } = await import('node:net');
  return new Promise((resolve) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

// nginx serving a static export (qalam export-static --out `out`) with
// deploy/nginx/qalam-static.conf, as docs/deploy.md tells operators to: { base, stop }.
export async function serveStaticExport(out, port) {
  const work = mkdtempSync(join(tmpdir(), 'qalam_nginx_'));
  const site = readFileSync(join(here, '../../deploy/nginx/qalam-static.conf'), 'utf8')
    .replaceAll('/srv/qalam-static', out).replace('listen 80;', `listen 127.0.0.1:${port};`);
  writeFileSync(join(work, 'site.conf'), site);
  const user = process.getuid() === 0 ? 'user root;\n' : '';
  writeFileSync(join(work, 'nginx.conf'), `${user}worker_processes 1;
pid ${work}/nginx.pid;
error_log ${work}/error.log warn;
events { worker_connections 256; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path ${work}/body;
  proxy_temp_path ${work}/proxy;
  fastcgi_temp_path ${work}/fastcgi;
  uwsgi_temp_path ${work}/uwsgi;
  scgi_temp_path ${work}/scgi;
  include ${work}/site.conf;
}
`);
  const started = spawnSync('nginx', ['-c', join(work, 'nginx.conf'), '-p', work], { encoding: 'utf8' });
  if (started.status !== 0) throw new Error('nginx: ' + started.stderr);
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    try { if ((await fetch(base + '/robots.txt')).ok) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base,
    stop() {
      spawnSync('nginx', ['-c', join(work, 'nginx.conf'), '-p', work, '-s', 'stop']);
      rmSync(work, { recursive: true, force: true });
    },
  };
}
