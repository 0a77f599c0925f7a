// make audit: Lighthouse (pinned in tools/audit/package.json) on a demo site's home,
// article, author, search and project pages, mobile and desktop, in Debian's chromium.
// Prints the four category scores of each and writes them to docs/audit.md.
// Usage: node tools/audit/audit.mjs [--out docs/audit.md]
import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import lighthouse from 'lighthouse';
import desktopConfig from 'lighthouse/core/config/desktop-config.js';
import * as chromeLauncher from 'chrome-launcher';
import { CHROMIUM, CHROMIUM_FLAGS, demoSite, profileDir, serve } from '../../tests/e2e/qalam_site.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const outIndex = process.argv.indexOf('--out');
const out = outIndex > 0 ? process.argv[outIndex + 1] : join(here, '../../docs/audit.md');

const site = demoSite();
const { server, base } = await serve(site);
const chrome = await chromeLauncher.launch({
  chromePath: CHROMIUM, userDataDir: profileDir(),
  chromeFlags: CHROMIUM_FLAGS.map((f) => (f === '--headless' ? '--headless=new' : f)),
});

const home = await (await fetch(`${base}/en/`)).text();
const article = home.match(/<h2 class="lead-title"[^>]*><a href="([^"]+)"/)[1];
const pages = [
  ['home', '/en/'],
  ['article', article],
  ['author', '/en/authors/vasif-huseynov'],
  ['search', '/en/search?q=Karabakh'],
  ['project', '/en/projects/diplomatic-missions-on-twitter'],
];
const categories = ['performance', 'accessibility', 'best-practices', 'seo'];
const rows = [];
try {
  for (const [name, path] of pages) {
    for (const form of ['mobile', 'desktop']) {
      const result = await lighthouse(base + path, { port: chrome.port, output: 'json', logLevel: 'error' },
        form === 'desktop' ? desktopConfig : undefined);
      const lhr = result.lhr;
      const scores = categories.map((c) => Math.round((lhr.categories[c]?.score ?? 0) * 100));
      const failing = Object.values(lhr.audits)
        .filter((a) => a.score !== null && a.score < 0.9 && a.scoreDisplayMode !== 'informative' && a.scoreDisplayMode !== 'notApplicable')
        .map((a) => a.id);
      rows.push({ name, path, form, scores, failing });
      console.log(`${name.padEnd(8)} ${form.padEnd(8)} ${scores.join('  ')}  ${failing.join(', ')}`);
    }
  }
} finally {
  await chrome.kill();
  server.kill('SIGTERM');
  rmSync(site, { recursive: true, force: true });
}

const version = JSON.parse(spawnSync('node', ['-p', 'JSON.stringify(require("lighthouse/package.json").version)'],
  { cwd: here, encoding: 'utf8' }).stdout);
const chromium = spawnSync(CHROMIUM, ['--version'], { encoding: 'utf8' }).stdout.trim();
let md = `# Lighthouse audit\n\n`;
md += `\`make audit\` (tools/audit/audit.mjs) runs Lighthouse ${version} in ${chromium} on a demo site\n`;
md += `(\`qalam init --demo\`) served by \`qalam serve\` on loopback, mobile (Lighthouse's default\n`;
md += `emulation: a mid-range phone on a throttled 4G network) and desktop. Target: at least 95\n`;
md += `in every category on mobile for each page. Last run: ${new Date().toISOString().slice(0, 10)}.\n\n`;
md += `| page | form | performance | accessibility | best practices | SEO | audits below 0.9 |\n`;
md += `| --- | --- | ---: | ---: | ---: | ---: | --- |\n`;
for (const r of rows) md += `| ${r.name} (\`${r.path.replace(/\/articles\/.*/, '/articles/…')}\`) | ${r.form} | ${r.scores.join(' | ')} | ${r.failing.join(', ') || '—'} |\n`;
md += `\nThe search results page fails one SEO audit on purpose, \`is-crawlable\`: result pages are\n\`noindex\` and disallowed in robots.txt (they are not content, and every query would\nbe a page), which Lighthouse's SEO category weighs heavily. The audits listed beside\nthe scores are those under 0.9, insights included; \`uses-long-cache-ttl\`: theme\nassets are cached an hour (their addresses carry no version to make them immutable).\n`;
writeFileSync(out, md);
console.log(`wrote ${out}`);
